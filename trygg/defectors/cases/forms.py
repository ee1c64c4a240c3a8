from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, ModelChoiceField, TextField
from trygg.defectors.constants import (
    DuplicateDecision,
    GroupType,
    Protection,
    ReferralSource,
    ThreatIndication,
)
from trygg.defectors.identity import normalise_identity_number


class IntakeForm(forms.Form):
    """A first contact. Everything about the person is optional: a contact can be anonymous."""

    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    identity_number = forms.CharField(
        label=_("Personal identity number or coordination number"),
        max_length=20,
        required=False,
        help_text=_("YYYYMMDD-NNNN. Leave empty if the person is not yet identified."),
    )
    reserve = forms.BooleanField(
        label=_("Not yet identified: give the person a reserve number"), required=False
    )
    protection = forms.ChoiceField(
        label=_("Protected personal data"),
        choices=Protection.choices,
        initial=Protection.NONE,
        widget=forms.RadioSelect,
    )
    contact = TextField(
        label=_("Contact details"),
        required=False,
        help_text=_("Phone number, address."),
        rows=3,
        max_length=500,
    )
    date = DateField(
        label=_("Date of first contact"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.ChoiceField(
        label=_("Referred by"),
        choices=[("", _("Choose who made the contact")), *ReferralSource.choices],
    )
    group_type = forms.ChoiceField(
        label=_("Network or group type"),
        choices=[("", _("Choose a type")), *GroupType.choices],
    )
    threat_indication = forms.ChoiceField(
        label=_("Initial threat indication"),
        help_text=_(
            "Your own judgement from the first contact. The police make the risk analysis."
        ),
        choices=ThreatIndication.choices,
        widget=forms.RadioSelect,
    )
    motivation_notes = TextField(
        label=_("Motivation"),
        required=False,
        help_text=_("Why the person wants to leave, in their own words where possible."),
        rows=4,
    )

    def __init__(self, *args, home_municipalities=None, own_municipality=None, **kwargs):
        kwargs.setdefault(
            "initial", {"date": timezone.localdate(), "home_municipality": own_municipality}
        )
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        if home_municipalities is not None:  # a joint unit: whose case is it?
            self.fields["home_municipality"] = ModelChoiceField(
                label=_("The person's home municipality"),
                queryset=home_municipalities,
                help_text=_(
                    "Your unit serves several municipalities. The case belongs to the person's "
                    "home municipality: its secrecy, statistics and cost."
                ),
            )
            self.order_fields(["home_municipality"])

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate():
            raise ValidationError(_("The first contact cannot be later than today."))
        return day

    def clean_identity_number(self) -> str:
        value = self.cleaned_data["identity_number"].strip()
        return normalise_identity_number(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("identity_number") and cleaned.get("reserve"):
            self.add_error(
                "reserve",
                ValidationError(
                    _("A person with an identity number does not need a reserve number.")
                ),
            )
        return cleaned

    def service_arguments(self) -> dict:
        arguments = dict(self.cleaned_data)
        home = arguments.pop("home_municipality", None)
        if home is not None:
            arguments["municipality_id"] = home.pk
        return arguments


class DuplicateDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=DuplicateDecision.choices,
        widget=forms.RadioSelect,
    )


class TeamMemberForm(forms.Form):
    user = ModelChoiceField(
        label=_("Case officer"), queryset=None, empty_label=_("Choose a case officer")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda user: user.full_name
