from django.shortcuts import render
from django.utils import timezone

from trygg.core.access import guard
from trygg.fund.policies import fund_policy
from trygg.fund.regional.selectors import region_rows, years_of_region


@guard(fund_policy, "view_region")
def regional_view(request):
    years = years_of_region(actor=request.actor)
    requested = request.GET.get("ar", "")
    year = int(requested) if requested.isdigit() and int(requested) in years else None
    if year is None:
        this_year = timezone.localdate().year
        year = this_year if this_year in years or not years else years[0]
    rows, total = region_rows(actor=request.actor, year=year)
    return render(
        request,
        "fund/regional.html",
        {"years": years, "year": year, "rows": rows, "total": total},
    )
