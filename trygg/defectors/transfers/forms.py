from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.forms import ModelChoiceField, TextField
from trygg.defectors.consents.services import agency_label
from trygg.defectors.transfers.services import legal_grounds


class _ConsentField(ModelChoiceField):
    def label_from_instance(self, consent) -> str:
        return _("%(agency)s, given %(date)s") % {
            "agency": agency_label(consent),
            "date": consent.given_on.isoformat(),
        }


class _UserField(ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.full_name


class TransferProposeForm(forms.Form):
    to_municipality = ModelChoiceField(label=gettext_lazy("Receiving municipality"), queryset=None)
    reason = TextField(
        label=gettext_lazy("Why the case should move"),
        max_length=4000,
        help_text=gettext_lazy(
            "For the receiving unit manager, who decides from it. Do not write the new address."
        ),
    )
    consent = _ConsentField(
        label=gettext_lazy("The person's consent to share with the other municipality"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("No consent: a legal ground below"),
        help_text=gettext_lazy("Consents valid today, recorded under Consents."),
    )
    legal_ground = forms.ChoiceField(
        label=gettext_lazy("Legal ground without consent"),
        required=False,
        help_text=gettext_lazy("Only when the person has not consented."),
    )

    def __init__(self, *args, municipalities, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_municipality"].queryset = municipalities
        self.fields["consent"].queryset = consents
        self.fields["legal_ground"].choices = [
            ("", _("No legal ground: the consent above")),
            *((ground, ground) for ground in legal_grounds()),
        ]


class TransferAcceptForm(forms.Form):
    prefix = "accept"
    case_officer = _UserField(
        label=gettext_lazy("Case officer who takes the case"),
        queryset=None,
        help_text=gettext_lazy("The case team from now on; you can add more later."),
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_officer"].queryset = officers


class TransferDeclineForm(forms.Form):
    prefix = "decline"
    note = TextField(
        label=gettext_lazy("Why the case is declined"),
        max_length=2000,
        rows=3,
        help_text=gettext_lazy("The sending team reads it."),
    )
