from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import IntegerField, TextField
from trygg.fund.constants import (
    DecisionOutcome,
)

# Whole kronor; far above any real grant, far below what the database column can hold.
MAX_KR = 10**11


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    amount_kr = IntegerField(
        label=_("Amount granted (kr)"),
        required=False,
        min_value=1,
        max_value=MAX_KR,
        help_text=_("Only for a partial grant. A full grant is the amount applied for."),
    )
    reasons = TextField(label=_("Reasons"), rows=4)
    delegation = forms.CharField(
        label=_("Decided under delegation"),
        max_length=200,
        help_text=_("For example: Kommunstyrelsens delegationsordning, punkt 4.2"),
    )


class PaymentForm(forms.Form):
    amount_kr = IntegerField(label=_("Amount to pay (kr)"), min_value=1, max_value=MAX_KR)


class ReturnForm(forms.Form):
    amount_kr = IntegerField(
        label=_("Amount returned to the fund (kr)"), min_value=1, max_value=MAX_KR
    )
