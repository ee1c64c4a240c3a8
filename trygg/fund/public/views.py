"""The public list of granted measures: fund decisions are public records (allmänna handlingar).

Only decided, funded applications appear, with fields that are public anyway: title,
applicant organisation, amount, districts, category and status, and, once the coordinator
has published an approved follow-up report, what was done, the actual cost and the outcome.
Drafts, reviews and rejected applications' content never do.
"""

import csv
import io

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from trygg.core.access import public
from trygg.core.exports import csv_cell
from trygg.fund.links import public_grant_url_prefix
from trygg.fund.selectors import public_grant_rows, public_grants


def published_result(grant) -> dict | None:
    """The results of the grant's published report (the final one before an interim one)."""
    reports = getattr(grant, "published_reports", [])
    if not reports:
        return None
    report = reports[0]
    return {
        "report": str(report.get_kind_display()),
        "published_on": timezone.localdate(report.published_at).isoformat(),
        "what_was_done": report.what_was_done,
        "actual_cost_kr": sum(cost.actual_kr for cost in report.costs.all()),
        "outcomes": [
            {
                "indicator": row.indicator,
                "baseline": row.baseline,
                "target": row.target,
                "outcome": row.outcome,
            }
            for row in report.outcomes.all()
        ],
    }


def _rows(grants):
    for grant in grants:
        yield {
            "id": grant.pk,
            "reference": grant.reference,
            "year": grant.call.fund_year.year,
            "municipality": grant.municipality.name,
            "title": grant.title,
            "applicant": grant.applicant.name,
            "amount_kr": grant.granted_kr,
            "districts": [d.name for d in grant.districts.all()],
            "category": grant.category,
            "category_label": str(grant.get_category_display()),
            "status": grant.status,
            "status_label": str(grant.get_status_display()),
            "result": published_result(grant),
        }


GRANTS_PER_PAGE = 50


@public
def public_list_view(request):
    totals = public_grants().aggregate(count=Count("id"), total_kr=Sum("granted_kr"))
    paginator = Paginator(public_grant_rows(), GRANTS_PER_PAGE)
    paginator.count = totals["count"]  # counted with the total above, not once more
    page = paginator.get_page(request.GET.get("sida"))
    return render(
        request,
        "fund/public_list.html",
        {
            "grants": page.object_list,
            "page": page,
            "count": totals["count"],
            "total_kr": totals["total_kr"] or 0,
            "grant_url": public_grant_url_prefix(),
        },
    )


@public
def public_detail_view(request, application_id: int):
    """One granted measure with its published results; 404 for anything not granted."""
    grant = public_grants().filter(pk=application_id).first()
    if grant is None:
        raise Http404
    row = next(_rows([grant]))
    return render(request, "fund/public_detail.html", {"grant": grant, "row": row})


@public
def public_csv_view(request):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            "diarienummer",
            "år",
            "kommun",
            "titel",
            "sökande",
            "belopp_kr",
            "områden",
            "kategori",
            "status",
            "resultat_publicerat",
            "vad_som_gjorts",
            "faktisk_kostnad_kr",
            "utfall",
        ]
    )
    for row in _rows(public_grants()):
        result = row["result"] or {}
        outcomes = "; ".join(
            f"{o['indicator']}: {o['outcome']} (mål {o['target']}, utgångsläge {o['baseline']})"
            for o in result.get("outcomes", [])
        )
        # The text comes from the applicant: never let a spreadsheet run it as a formula.
        writer.writerow(
            csv_cell(value)
            for value in [
                row["reference"],
                row["year"],
                row["municipality"],
                row["title"],
                row["applicant"],
                row["amount_kr"],
                ", ".join(row["districts"]),
                row["category_label"],
                row["status_label"],
                result.get("published_on", ""),
                result.get("what_was_done", ""),
                result.get("actual_cost_kr", ""),
                outcomes,
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trygghetsfonden-beviljade.csv"'
    return response


@public
def public_json_view(request):
    return JsonResponse(
        {"grants": list(_rows(public_grants()))}, json_dumps_params={"ensure_ascii": False}
    )
