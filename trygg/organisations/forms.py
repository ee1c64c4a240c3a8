from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, ModelChoiceField
from trygg.organisations.constants import OrganisationKind, PartnerType
from trygg.organisations.models import Organisation

CREATABLE_KINDS = [
    (kind.value, kind.label)
    for kind in (
        OrganisationKind.NAMND,
        OrganisationKind.BOLAG,
        OrganisationKind.ENHET,
        OrganisationKind.PARTNER,
    )
]


class OrganisationCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CREATABLE_KINDS)
    parent = ModelChoiceField(label=_("Belongs to"), queryset=Organisation.objects.none())
    social_services = forms.BooleanField(
        label=_("The committee responsible for social services (socialnämnden)"),
        required=False,
        help_text=_(
            "Controller of the defector programme's case data; case officers and unit "
            "managers work in it or its units."
        ),
    )

    partner_type = forms.ChoiceField(
        label=_("Kind of partner agency"),
        required=False,
        choices=[("", _("Not a partner agency")), *PartnerType.choices],
        help_text=_(
            "For a partner agency: a referral to it needs the person's consent to share "
            "with this kind of agency."
        ),
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class DistrictForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    is_active = forms.BooleanField(
        label=_("Active (can be chosen in new applications and cases)"),
        required=False,
        initial=True,
    )


class JointServiceForm(forms.Form):
    unit = ModelChoiceField(
        label=_("Unit of your municipality"), queryset=Organisation.objects.none()
    )
    municipality = ModelChoiceField(
        label=_("Serves the municipality"), queryset=Organisation.objects.none()
    )
    starts_on = DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("As decided in the agreement between the municipalities."),
    )

    def __init__(self, *args, units, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["municipality"].queryset = municipalities


class JointServiceEndForm(forms.Form):
    ends_on = DateField(
        label=_("Last day of the agreement"), widget=forms.DateInput(attrs={"type": "date"})
    )
