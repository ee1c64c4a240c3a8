from django import forms
from django.utils.translation import gettext_lazy

from trygg.core.forms import DateField, ModelChoiceField, TextField
from trygg.defectors.constants import GroupType, InboundKind, ThreatIndication
from trygg.defectors.inbound.services import TEXT_MAX_LENGTH

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class InboundForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What it is"), choices=InboundKind.choices, widget=forms.RadioSelect
    )
    given_name = forms.CharField(label=gettext_lazy("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=gettext_lazy("Family name"), max_length=100, required=False)
    identity_number = forms.CharField(
        label=gettext_lazy("Personal identity number"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("YYYYMMDD-NNNN. Leave it empty if the person has none."),
    )
    shared = TextField(
        label=gettext_lazy("What the unit needs to know"),
        max_length=TEXT_MAX_LENGTH,
        help_text=gettext_lazy(
            "Only what the person has consented to share, or what the law lets you share."
        ),
    )
    agency_contact = forms.CharField(
        label=gettext_lazy("Contact at your agency"),
        max_length=200,
        help_text=gettext_lazy("Name and telephone number of the person the unit calls."),
    )
    planning_on = DateField(
        label=gettext_lazy("Date for joint planning"),
        required=False,
        widget=DATE_INPUT,
        help_text=gettext_lazy("For example the day before release."),
    )


class _UserField(ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.full_name


class InboundAcceptForm(forms.Form):
    prefix = "accept"
    case_officer = _UserField(label=gettext_lazy("Case officer who takes the case"), queryset=None)
    group_type = forms.ChoiceField(
        label=gettext_lazy("Network or group type"),
        choices=[("", gettext_lazy("Choose a type")), *GroupType.choices],
    )
    threat_indication = forms.ChoiceField(
        label=gettext_lazy("Initial threat indication"),
        choices=ThreatIndication.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_officer"].queryset = officers


class InboundDeclineForm(forms.Form):
    prefix = "decline"
    note = TextField(label=gettext_lazy("Why it is declined"), max_length=2000, rows=3)
