from django.shortcuts import render

from trygg.core.access import guard
from trygg.fund.dashboard.selectors import (
    breakdowns_of,
    chart_data,
    fund_year_pick,
    fund_years_of,
    overdue_reports,
    sub_budgets_of,
)
from trygg.fund.policies import fund_policy
from trygg.fund.years.selectors import instalment_position


@guard(fund_policy, "administer")
def dashboard_view(request):
    actor = request.actor
    years = fund_years_of(actor=actor)
    fund_year = fund_year_pick(years=years, requested=request.GET.get("ar"))
    context = {"years": years, "fund_year": fund_year}
    if fund_year is not None:
        breakdowns = breakdowns_of(actor=actor, fund_year=fund_year)
        context.update(
            breakdowns=breakdowns,
            sub_budgets=sub_budgets_of(fund_year),
            chart_data=chart_data(breakdowns),
            overdue=list(overdue_reports(municipality_id=actor.municipality_id)[:50]),
            **instalment_position(fund_year=fund_year),
        )
    return render(request, "fund/dashboard.html", context)
