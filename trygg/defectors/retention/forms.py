from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.defectors.retention.services import LEGAL_HOLD_REASON_MAX_LENGTH


class LegalHoldForm(forms.Form):
    """Set a legal hold (or change its reason)."""

    reason = forms.CharField(
        label=_("Reason for the legal hold"),
        max_length=LEGAL_HOLD_REASON_MAX_LENGTH,
        help_text=_(
            "For example a court case, a request from the police or a complaint that is "
            "still open. Do not write names."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
