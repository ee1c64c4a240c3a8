"""The fund year's ledger page: where the money came from, where it went, and carry-over."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.fund.policies import fund_policy
from trygg.fund.years import selectors, services
from trygg.fund.years.forms import CarryOverForm


@guard(fund_policy, "administer")
def ledger_view(request, fund_year_id: int):
    fund_year = selectors.fund_year_get(actor=request.actor, fund_year_id=fund_year_id)
    later = selectors.later_years(fund_year=fund_year)
    form = CarryOverForm(request.POST or None, later_years=later)
    if request.method == "POST" and form.is_valid():
        try:
            services.carry_over_record(
                actor=request.actor, from_year=fund_year, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The carry-over was recorded."))
            return redirect("fund:ledger", fund_year_id=fund_year.pk)
    return render(
        request,
        "fund/ledger.html",
        {
            "ledger": selectors.ledger_of(fund_year=fund_year),
            "form": form,
            "later": later,
            **selectors.instalment_position(fund_year=fund_year),
        },
    )
