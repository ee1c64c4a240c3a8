"""The form for a new task of the case team."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, ModelChoiceField
from trygg.defectors.tasks.services import TITLE_MAX_LENGTH


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("Task"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("What is to be done. Keep it short; write details in the journal."),
    )
    due_on = DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    assigned_to = ModelChoiceField(
        label=_("For"),
        queryset=None,
        required=False,
        empty_label=_("The whole case team"),
    )

    def __init__(self, *args, team, **kwargs):
        """``team``: a queryset of the case team's users."""
        kwargs.setdefault("initial", {"due_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = team
        self.fields["assigned_to"].label_from_instance = lambda user: user.full_name
