from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, IntegerField, ModelChoiceField
from trygg.fund.models import FundYear

DATE = forms.DateInput(attrs={"type": "date"})


class CarryOverForm(forms.Form):
    to_year = ModelChoiceField(label=_("To fund year"), queryset=FundYear.objects.none())
    amount_kr = IntegerField(label=_("Amount (kr)"), min_value=1, max_value=10**11)
    decision = forms.CharField(
        label=_("Decision"),
        max_length=100,
        help_text=_("The reference of the decision, for example: KF 2027-02-15 § 12"),
    )
    decided_on = DateField(label=_("Date of the decision"), widget=DATE)

    def __init__(self, *args, later_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_year"].queryset = FundYear.objects.filter(
            pk__in=[year.pk for year in later_years]
        )
        self.fields["to_year"].label_from_instance = lambda year: str(year.year)
