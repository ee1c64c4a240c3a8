from django import forms
from django.utils.translation import gettext_lazy

from trygg.core.forms import ModelChoiceField, TextField
from trygg.defectors.constants import ReferralStatus, SharedField
from trygg.defectors.referrals.services import ANSWER_MAX_LENGTH, ANSWERS, PURPOSE_MAX_LENGTH


class ReferralForm(forms.Form):
    partner = ModelChoiceField(
        label=gettext_lazy("Partner agency"),
        queryset=None,
        help_text=gettext_lazy(
            "The person's valid consent to share with the agency is needed (under Consents)."
        ),
    )
    purpose = TextField(
        label=gettext_lazy("Why the person is referred"), max_length=PURPOSE_MAX_LENGTH, rows=3
    )
    fields = forms.MultipleChoiceField(
        label=gettext_lazy("What the agency gets"),
        choices=SharedField.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Exactly these parts go into the referral package, nothing else."),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class ReferralAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[(s, ReferralStatus(s).label) for s in ANSWERS],
        widget=forms.RadioSelect,
    )
    answer = TextField(
        label=gettext_lazy("Message to the case officer"),
        max_length=ANSWER_MAX_LENGTH,
        rows=3,
        required=False,
        help_text=gettext_lazy("Needed when you decline or need more information."),
    )
