from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField
from trygg.defectors.constants import CaseStatus, Outcome
from trygg.defectors.status.services import OPEN_STAGES

NOTE_MAX_LENGTH = 4000


def _stage_choices(*, leave_out: str = "") -> list[tuple[str, str]]:
    return [(stage.value, stage.label) for stage in OPEN_STAGES if stage.value != leave_out]


class StatusChangeForm(forms.Form):
    """Move an open case to another open stage. Going back needs a note."""

    to_status = forms.ChoiceField(label=_("New stage"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Needed when the case goes back to an earlier stage."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            ("", _("Choose a stage")),
            *_stage_choices(leave_out=case.status),
        ]


class CaseCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    closed_on = DateField(
        label=_("Closed on"),
        help_text=_("Usually today; an earlier day if the last meeting was earlier."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"closed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CaseReopenForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Reopen at stage"),
        choices=[("", _("Choose a stage")), *_stage_choices()],
        initial=CaseStatus.KONTAKT,
    )
    note = forms.CharField(
        label=_("Why is the case reopened?"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
