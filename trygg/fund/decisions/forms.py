from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, IntegerField, ModelChoiceField, TextField
from trygg.core.templatetags.trygg import kronor
from trygg.fund.constants import (
    DecisionOutcome,
)
from trygg.fund.decisions.services import MAX_LATER_YEARS

# Whole kronor; far above any real grant, far below what the database column can hold.
MAX_KR = 10**11


class DelegationChoiceField(ModelChoiceField):
    """A point of the delegation list the coordinator may decide under, with its limit."""

    def __init__(self, **kwargs):
        from trygg.fund.models import DelegationPoint

        super().__init__(
            label=_("Decided under delegation"),
            queryset=DelegationPoint.objects.none(),
            help_text=_("The points of the municipality's delegation list that you hold."),
            error_messages={
                "required": _("Choose the point of the delegation list you decide under.")
            },
            **kwargs,
        )

    def offer(self, points) -> None:
        from trygg.fund.models import DelegationPoint

        self.queryset = DelegationPoint.objects.filter(pk__in=[point.pk for point in points])

    def label_from_instance(self, point) -> str:
        limit = kronor(point.max_amount_kr) if point.max_amount_kr else _("no limit")
        return _("%(point)s %(matter)s (%(delegate)s, up to %(limit)s)") % {
            "point": point.point,
            "matter": point.matter,
            "delegate": point.delegate,
            "limit": limit,
        }


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
    delegation = DelegationChoiceField()

    def __init__(self, *args, points, first_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].offer(points)
        self.later_years = [first_year + step for step in range(1, MAX_LATER_YEARS + 1)]
        for year in self.later_years:
            self.fields[f"instalment_{year}"] = IntegerField(
                label=_("Of which paid by fund year %(year)s (kr)") % {"year": year},
                required=False,
                min_value=1,
                max_value=MAX_KR,
                help_text=_(
                    "For a measure over several years: the part that %(year)s's budget commits. "
                    "Empty: none."
                )
                % {"year": year},
            )

    def clean(self):
        data = super().clean()
        data["later_instalments"] = {
            year: data.pop(f"instalment_{year}")
            for year in self.later_years
            if data.get(f"instalment_{year}")
        }
        for year in self.later_years:
            data.pop(f"instalment_{year}", None)
        return data


class PaymentForm(forms.Form):
    amount_kr = IntegerField(label=_("Amount to pay (kr)"), min_value=1, max_value=MAX_KR)

    def __init__(self, *args, company: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if company:  # a municipal company is paid against its invoice or payment request
            self.fields["invoice_reference"] = forms.CharField(
                label=_("Invoice or payment request number"), max_length=60
            )
            self.fields["invoice_date"] = DateField(
                label=_("Invoice date"), widget=forms.DateInput(attrs={"type": "date"})
            )


class ReturnForm(forms.Form):
    amount_kr = IntegerField(
        label=_("Amount returned to the fund (kr)"), min_value=1, max_value=MAX_KR
    )
