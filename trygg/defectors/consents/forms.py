from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.forms import DateField, ModelChoiceField
from trygg.defectors.consents.services import (
    NAMED_AGENCIES,
    SCOPE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    agency_label,
    guardian_grounds,
)
from trygg.defectors.constants import Agency, GuardianBasis

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class ConsentForm(forms.Form):
    agency = forms.ChoiceField(
        label=gettext_lazy("Agency"),
        choices=[("", gettext_lazy("Choose an agency")), *Agency.choices],
    )
    agency_name = forms.CharField(
        label=gettext_lazy("Name of the organisation"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Needed for a non-governmental organisation or another municipality, "
            "for example Botkyrka kommun."
        ),
    )
    scope = forms.CharField(
        label=gettext_lazy("What may be shared"),
        max_length=SCOPE_MAX_LENGTH,
        help_text=gettext_lazy("As written in the consent the person signed."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    given_on = DateField(label=gettext_lazy("Consent given"), widget=DATE_INPUT)
    expires_on = DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        help_text=gettext_lazy("Leave empty if the consent has no end date."),
        widget=DATE_INPUT,
    )

    guardian_basis = forms.ChoiceField(
        label=gettext_lazy("The guardians (for a person under 18)"),
        required=False,
        choices=[("", gettext_lazy("The person is 18 or older")), *GuardianBasis.choices],
        help_text=gettext_lazy(
            "A child's consent is recorded with the guardians' consent, or with the legal "
            "ground for acting without them."
        ),
    )
    guardian_ground = forms.ChoiceField(
        label=gettext_lazy("Legal ground without the guardians"), required=False
    )

    def __init__(self, *args, adult: bool = False, **kwargs):
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if adult:  # 18 or older by the identity number: the guardians have no part in it
            del self.fields["guardian_basis"], self.fields["guardian_ground"]
            return
        self.fields["guardian_ground"].choices = [
            ("", _("Choose a legal ground")),
            *((ground, ground) for ground in guardian_grounds()),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agency") in NAMED_AGENCIES and not cleaned.get("agency_name", "").strip():
            self.add_error("agency_name", _("Write the name of the organisation or municipality."))
        given_on, expires_on = cleaned.get("given_on"), cleaned.get("expires_on")
        if given_on and expires_on and expires_on < given_on:
            self.add_error("expires_on", _("The consent cannot end before the day it was given."))
        return cleaned


class _ConsentChoiceField(ModelChoiceField):
    def label_from_instance(self, consent) -> str:
        return _("%(agency)s, given %(date)s") % {
            "agency": agency_label(consent),
            "date": consent.given_on.isoformat(),
        }


def _offer(field: ModelChoiceField, listed: list | None) -> None:
    """Offer the consents the page has read already (``listed``, in the queryset's order)
    instead of reading them again; a posted form still checks its choice against the
    queryset."""
    if listed is not None:
        field.choices = [
            ("", field.empty_label),
            *((consent.pk, field.label_from_instance(consent)) for consent in listed),
        ]


class ConsentWithdrawForm(forms.Form):
    prefix = "withdraw"  # the page has two consent choices: keep their ids apart
    consent = _ConsentChoiceField(
        label=gettext_lazy("Consent"),
        queryset=None,
        empty_label=gettext_lazy("Choose a consent"),
    )
    withdrawn_on = DateField(label=gettext_lazy("Withdrawn on"), widget=DATE_INPUT)

    def __init__(self, *args, consents, listed=None, **kwargs):
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = consents
        _offer(self.fields["consent"], listed)


class DisclosureForm(forms.Form):
    prefix = "disclosure"
    consent = _ConsentChoiceField(
        label=gettext_lazy("Shared with, under the consent"),
        queryset=None,
        empty_label=gettext_lazy("Choose a valid consent"),
        help_text=gettext_lazy("Only consents that are valid today can be chosen."),
    )
    disclosed_on = DateField(label=gettext_lazy("Date shared"), widget=DATE_INPUT)
    summary = forms.CharField(
        label=gettext_lazy("What was shared"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, consents, listed=None, **kwargs):
        kwargs.setdefault("initial", {"disclosed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = consents
        _offer(self.fields["consent"], listed)
