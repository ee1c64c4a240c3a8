from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.defectors.emergency.services import REASON_MIN_LENGTH, REFERENCE_MAX_LENGTH

REASON_MAX_LENGTH = 2000


class EmergencyAccessForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=REFERENCE_MAX_LENGTH + 10,  # room for stray spaces; the service trims
        help_text=_("For example AV-2026-0001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        min_length=REASON_MIN_LENGTH,
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "Why you need to open the case now, and on whose request. The case team and "
            "the log reviewer will read it."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EmergencyNoteForm(forms.Form):
    note = forms.CharField(
        label=_("What you did and why"),
        min_length=REASON_MIN_LENGTH,
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "The only thing you can write in a case opened by emergency access. It is added "
            "to the access with the time and cannot be changed; the case team and the log "
            "reviewer read it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
