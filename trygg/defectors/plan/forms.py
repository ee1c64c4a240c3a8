"""Forms of the support plan: the goals and one intervention."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, TextField
from trygg.defectors.constants import InterventionStatus, InterventionType

# Spaces people type or paste between thousands: plain, no-break, narrow no-break, thin.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# "kr", "SEK" and the Swedish ":-" after an amount.
_CURRENCY = re.compile(r"(?i)(kr\.?|sek|:-)$")


class KronorField(forms.DecimalField):
    """An amount in kronor with at most two decimals (öre), typed the Swedish way.

    Accepts "12 500,50", "12500.50", "12.500,50", "12 500 kr" and "12 500:-". The fund's
    forms count whole kronor (IntegerField); intervention costs need öre, hence this field.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = _SPACES.sub("", value).replace("\u2212", "-")
            value = _CURRENCY.sub("", value)
            if "," in value:
                # With a decimal comma, any dot separates thousands (12.500,50).
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            text = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"
            return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
        return value

    def widget_attrs(self, widget):
        # DecimalField would add min/step for a number input; this is a text input.
        return {}


class PlanGoalsForm(forms.Form):
    goals = TextField(
        label=_("Goals of the support plan"),
        required=False,
        help_text=_("What the person and the team want to achieve, and by when."),
        rows=5,
        max_length=10000,
    )


class InterventionForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type of intervention"),
        choices=[("", _("Choose a type")), *InterventionType.choices],
    )
    provider = forms.CharField(
        label=_("Provider"),
        required=False,
        max_length=200,
        help_text=_("Who gives the intervention, for example a unit or an organisation."),
    )
    start_on = DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_on = DateField(
        label=_("End"),
        required=False,
        help_text=_("Needed when the intervention is completed."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=InterventionStatus.choices, initial=InterventionStatus.PLANNED
    )
    decided_cost = KronorField(
        label=_("Decided cost (kr)"), help_text=_("For example 12 500 or 12 500,50.")
    )
    actual_cost = KronorField(label=_("Actual cost (kr)"), help_text=_("What it has cost so far."))
    notes = TextField(label=_("Notes"), required=False, rows=3)

    @classmethod
    def for_intervention(cls, intervention, data=None):
        initial = {name: getattr(intervention, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)
