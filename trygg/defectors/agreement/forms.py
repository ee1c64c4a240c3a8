from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField
from trygg.defectors.agreement.services import TEXT_MAX_LENGTH
from trygg.defectors.constants import ConditionKind

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class AgreementForm(forms.Form):
    """The agreement and its conditions: a checkbox and a description for each kind."""

    signed_on = DateField(label=_("Agreed on"), widget=DATE_INPUT)
    valid_until = DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty if the agreement has no end date."),
        widget=DATE_INPUT,
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        for kind, label in ConditionKind.choices:
            self.fields[f"condition_{kind}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"description_{kind}"] = forms.CharField(
                label=gettext("What it means: %(condition)s") % {"condition": label},
                max_length=TEXT_MAX_LENGTH,
                required=False,
                help_text=_("Needed when you tick this condition.")
                if kind == ConditionKind.OTHER
                else _("For example how often, or with whom."),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def condition_rows(self) -> list[tuple]:
        """(checkbox, description) bound fields, one pair for each kind of condition."""
        return [
            (self[f"condition_{kind}"], self[f"description_{kind}"])
            for kind in ConditionKind.values
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = [kind for kind in ConditionKind.values if cleaned.get(f"condition_{kind}")]
        if not chosen:
            raise ValidationError(_("Choose at least one condition."))
        if ConditionKind.OTHER in chosen and not cleaned.get("description_other", "").strip():
            self.add_error("description_other", _("Describe the other condition."))
        signed_on, valid_until = cleaned.get("signed_on"), cleaned.get("valid_until")
        if signed_on and valid_until and valid_until < signed_on:
            self.add_error("valid_until", _("The agreement cannot end before the day it was made."))
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "signed_on": data["signed_on"],
            "valid_until": data["valid_until"],
            "notes": data["notes"],
            "conditions": [
                (kind, data[f"description_{kind}"])
                for kind in ConditionKind.values
                if data[f"condition_{kind}"]
            ],
        }


class FollowUpForm(forms.Form):
    date = DateField(label=_("Date of the follow-up"), widget=DATE_INPUT)
    kept = forms.TypedChoiceField(
        label=_("Was the condition kept?"),
        choices=[("yes", _("Yes, kept")), ("no", _("No, broken"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
