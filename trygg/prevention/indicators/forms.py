from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import ModelChoiceField
from trygg.prevention.constants import MAX_VALUE, Aggregation, PeriodType


class IndicatorForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example “Reported vandalism” or “Share who feel safe outdoors at night”."),
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=40,
        help_text=_("For example “number”, “%” or “per 1,000 residents”."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("Where the figures come from, for example the police's open statistics."),
    )
    period_type = forms.ChoiceField(label=_("Period"), choices=PeriodType.choices)
    aggregation = forms.ChoiceField(
        label=_("The municipality's figure"),
        choices=Aggregation.choices,
        widget=forms.RadioSelect,
        initial=Aggregation.SUM,
    )
    higher_is_worse = forms.BooleanField(
        label=_("A higher value is worse"), required=False, initial=True
    )
    publishable = forms.BooleanField(
        label=_("The values may be published"), required=False, initial=False
    )
    reported_by = ModelChoiceField(
        label=_("Reported by"),
        queryset=None,
        required=False,
        empty_label=_("The prevention coordinator"),
        help_text=_(
            "A committee or company that holds the figures itself: its prevention contact "
            "enters the values."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_by"].queryset = organisations


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods


class ValuesForm(forms.Form):
    """One field per district: a number sets the value, empty removes it."""

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.district_ids = []
        for district in districts:
            self.fields[f"district_{district.pk}"] = forms.DecimalField(
                label=district.name,
                required=False,
                max_digits=14,
                decimal_places=2,
                max_value=MAX_VALUE - 1,
                min_value=-(MAX_VALUE - 1),
                localize=True,
            )
            self.district_ids.append(district.pk)

    def values(self) -> dict:
        return {pk: self.cleaned_data.get(f"district_{pk}") for pk in self.district_ids}
