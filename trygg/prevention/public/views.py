"""The published action plans, for residents and the press: no login.

Only plans the coordinator has published (adopted ones), and of them only the measures marked
for the public page: what is done, where, by whom, when, what it costs and who pays, and how it
goes. Never the lägesbild's analysis, never a figure of the defector programme.
"""

from __future__ import annotations

import csv
import io

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from trygg.core.access import public
from trygg.core.exports import csv_cell
from trygg.prevention.plan import selectors
from trygg.prevention.plan.overview import MEASURES_PER_PAGE, public_overview


@public
def public_list_view(request):
    return render(request, "prevention/public_list.html", {"plans": selectors.public_plans()})


def _content(plan_id: int):
    plan = selectors.public_plan_get(plan_id=plan_id)
    rows = selectors.public_rows(plan)
    return plan, rows


@public
def public_plan_view(request, plan_id: int):
    plan = selectors.public_plan_get(plan_id=plan_id)
    measures = public_overview(plan=plan)
    # The cost covers every published measure; a long plan's rows come a page at a time (the
    # CSV and JSON files hold them all).
    page = Paginator(measures.values, MEASURES_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "prevention/public_plan.html",
        {
            "plan": plan,
            "problems": measures.plan_problems,
            "rows": measures.rows(page.object_list),
            "page": page,
            "total": measures.total,
            "commitments": selectors.commitments_of(plan),
            "series": selectors.public_indicators(plan),
        },
    )


def _record(row) -> dict:
    measure, money = row.measure, row.money
    return {
        "number": measure.number,
        "measure": measure.title,
        "description": measure.description,
        "problems": [f"{p.priority}. {p.title}" for p in measure.problems.all()],
        "districts": [d.name for d in measure.districts.all()],
        "responsible": measure.organisation.name,
        "partners": measure.partners,
        "starts_on": measure.starts_on.isoformat(),
        "ends_on": measure.ends_on.isoformat() if measure.ends_on else None,
        "status": measure.status,
        "status_label": str(measure.get_status_display()),
        "cost_kr": money.cost_kr,
        "safety_fund_kr": money.grant_kr,
        "own_budget_kr": money.budget_kr,
        "partners_kr": money.partner_kr,
        "latest_follow_up": row.latest or "",
    }


@public
def public_csv_view(request, plan_id: int):
    plan, rows = _content(plan_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            "nummer",
            "åtgärd",
            "problem",
            "kommundelar",
            "ansvarig",
            "samverkanspartner",
            "startar",
            "slutar",
            "status",
            "kostnad_kr",
            "trygghetsfonden_kr",
            "egen_budget_kr",
            "samverkanspart_kr",
            "senaste_uppföljning",
        ]
    )
    for row in rows:
        record = _record(row)
        writer.writerow(
            csv_cell(value)
            for value in [
                record["number"],
                record["measure"],
                " | ".join(record["problems"]),
                ", ".join(record["districts"]),
                record["responsible"],
                record["partners"],
                record["starts_on"],
                record["ends_on"] or "",
                record["status_label"],
                record["cost_kr"],
                record["safety_fund_kr"],
                record["own_budget_kr"],
                record["partners_kr"],
                record["latest_follow_up"],
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="atgardsplan-{plan.pk}.csv"'
    return response


@public
def public_json_view(request, plan_id: int):
    plan, rows = _content(plan_id)
    return JsonResponse(
        {
            "plan": {
                "title": plan.title,
                "municipality": plan.municipality.name,
                "period_from": plan.period_from.isoformat(),
                "period_to": plan.period_to.isoformat(),
                "adopted_on": timezone.localdate(plan.adopted_at).isoformat(),
                "adopted_by": plan.decided_by_body,
            },
            "measures": [_record(row) for row in rows],
            "commitments": [
                {
                    "agreement": str(c.get_agreement_display()),
                    "party": str(c.get_party_display()),
                    "commitment": c.text,
                    "follow_ups": [
                        {"period": f.period, "state": str(f.get_state_display())}
                        for f in c.follow_ups.all()
                    ],
                }
                for c in selectors.commitments_of(plan)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
