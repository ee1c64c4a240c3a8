"""Pages of the defector programme: statistics with small numbers suppressed.

For the unit manager (their unit) and the analyst (the municipalities they cover, one column
each). Aggregates only: no names, no case references, no link to a case.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from trygg.audit.services import record
from trygg.core.access import guard
from trygg.defectors.policies import defectors_policy
from trygg.defectors.statistics.forms import WHOLE_YEAR, PeriodForm, period_code, this_year
from trygg.defectors.statistics.report import build_report, report_rows, scope_for


@guard(defectors_policy, "view_statistics")
def statistics_view(request):
    scope = scope_for(request.actor)
    if scope is None:
        raise PermissionDenied
    whole_years_only = scope.by != "unit"
    # No period asked for: the whole current year, as if chosen in the form.
    data = request.GET or {"year": this_year()[0].year, "part": WHOLE_YEAR}
    form = PeriodForm(data, whole_years_only=whole_years_only)
    report = None
    start, end = this_year()
    year, part = start.year, ""
    if form.is_valid():
        year, part = form.cleaned_data["year"], form.cleaned_data["part"]
        start, end = form.cleaned_data["period_start"], form.cleaned_data["period_end"]
        report = build_report(scope=scope, period_start=start, period_end=end)
        as_csv = request.GET.get("csv") == "1"
        record(
            action="defectors.statistics.export" if as_csv else "defectors.statistics.view",
            actor=request.actor,
            payload={
                "period": period_code(year, part),
                "from": start.isoformat(),
                "to": end.isoformat(),
                "by": scope.by,
                "columns": [pk for pk, _name in scope.columns],
            },
        )
        if as_csv:
            return _csv_response(report)
    query = QueryDict(mutable=True)
    query.update({"year": year, "part": part or WHOLE_YEAR, "csv": "1"})
    return render(
        request,
        "defectors/statistics.html",
        {
            "form": form,
            "report": report,
            "period_start": start,
            "period_end": end,
            "shortcuts": _shortcuts(year, whole_years_only=whole_years_only),
            "period": (year, part or WHOLE_YEAR),
            "csv_query": query.urlencode(),
        },
    )


def _shortcuts(year: int, *, whole_years_only: bool) -> list[tuple[str, int, str]]:
    """(label, year, part): links for whole years and, for the unit, the quarters of the year
    shown."""
    current = this_year()[0].year
    years = sorted({year - 1, year, current})
    links = [(str(y), y, WHOLE_YEAR) for y in years]
    if not whole_years_only:
        links += [(f"{year} Q{n}", year, f"Q{n}") for n in range(1, 5)]
    return links


def _csv_response(report) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"avhopparstatistik-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    for table in report.tables:
        writer.writerow([table.title])
        writer.writerows(report_rows(table))
        writer.writerow([])
    return response
