"""Pages of the defector programme: statistics with small numbers suppressed.

For the unit manager (their unit) and the analyst (the municipalities they cover, one column
each). Aggregates only: no names, no case references, no link to a case.
"""

import csv
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from trygg.audit.services import record
from trygg.core.access import guard
from trygg.defectors.policies import defectors_policy
from trygg.defectors.statistics.forms import PeriodForm, period_code, quarters, this_year
from trygg.defectors.statistics.report import build_report, report_rows, scope_for


@guard(defectors_policy, "view_statistics")
def statistics_view(request):
    scope = scope_for(request.actor)
    if scope is None:
        raise PermissionDenied
    form = PeriodForm(request.GET)
    report = None
    start, end = this_year()
    if form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        report = build_report(scope=scope, period_start=start, period_end=end)
        as_csv = request.GET.get("csv") == "1"
        record(
            action="defectors.statistics.export" if as_csv else "defectors.statistics.view",
            actor=request.actor,
            payload={
                "period": period_code(start, end),
                "from": start.isoformat(),
                "to": end.isoformat(),
                "by": scope.by,
                "columns": [pk for pk, _name in scope.columns],
            },
        )
        if as_csv:
            return _csv_response(report)
    query = request.GET.copy()
    query.pop("csv", None)
    query["date_from"], query["date_to"] = start.isoformat(), end.isoformat()
    query["csv"] = "1"
    return render(
        request,
        "defectors/statistics.html",
        {
            "form": form,
            "report": report,
            "period_start": start,
            "period_end": end,
            "shortcuts": _shortcuts(start.year),
            "csv_query": query.urlencode(),
        },
    )


def _shortcuts(year: int) -> list[tuple[str, date, date]]:
    """Links for whole years and the quarters of the year shown."""
    current = this_year()[0].year
    years = sorted({year - 1, year, current})
    return [
        *[(str(y), date(y, 1, 1), date(y, 12, 31)) for y in years],
        *[(f"{year} {label}", first, last) for label, first, last in quarters(year)],
    ]


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
