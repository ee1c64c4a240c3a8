"""The annual report to the council (årsrapport): the lägesbild the plan answers, every
measure with its status, cost and funding, the commitments with the police, the safety
fund's grants, the defector programme's protected aggregates and the indicators as charts
with their tables. A PDF/A-2a, always in Swedish: an official document of the municipality.

A fixed number of queries whatever the number of measures: the plan page's reads, the
year's grants in one query, the indicator series in two, the programme's report in five.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.pdf import html_to_pdf
from trygg.prevention.constants import GrantReportState
from trygg.prevention.districts.selectors import municipality_series
from trygg.prevention.models import AnnualReport, Grant, Plan, ReportState
from trygg.prevention.plan import estimate, selectors
from trygg.prevention.policies import prevention_policy

TEMPLATE = "prevention/annual_report.html"
logger = logging.getLogger(__name__)


@dataclass
class FundSummary:
    count: int
    granted_kr: int
    paid_kr: int
    returned_kr: int
    final_reports: int
    linked: int  # grants that pay for a measure of the plan


def years_of(plan: Plan) -> list[int]:
    """The calendar years the plan covers, up to this one."""
    last = min(plan.period_to.year, timezone.localdate().year)
    return list(range(plan.period_from.year, max(last, plan.period_from.year) + 1))


def report_context(*, plan: Plan, year: int) -> dict:
    today = timezone.localdate()
    start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    rows, total, per_problem, per_district = selectors.plan_rows(selectors.all_measures(plan))
    grants = list(
        Grant.objects.filter(
            municipality_id=plan.municipality_id, decided_on__range=(start, end)
        ).order_by("reference")
    )
    fund = FundSummary(
        count=len(grants),
        granted_kr=sum(g.granted_kr for g in grants),
        paid_kr=sum(g.paid_kr for g in grants),
        returned_kr=sum(g.returned_kr for g in grants),
        final_reports=sum(1 for g in grants if g.report_state == GrantReportState.FINAL),
        linked=sum(1 for g in grants if g.measure_id),
    )
    situation = plan.situation
    programme = next((row.measure for row in rows if row.measure.is_defector_programme), None)
    return {
        "plan": plan,
        "year": year,
        "period_start": start,
        "period_end": end,
        "municipality": plan.municipality,
        "situation": situation,
        "problems": list(situation.problems.prefetch_related("districts")),
        "rows": rows,
        "total": total,
        "per_problem": per_problem,
        "per_district": per_district,
        "commitments": selectors.commitments_of(plan),
        "grants": grants,
        "fund": fund,
        "programme": selectors.programme_report_for(plan, start, end) if programme else None,
        "series": municipality_series(
            indicators=list(situation.indicators.all()), since=date(year - 2, 1, 1), until=end
        ),
        "estimate": estimate.estimate_of(plan, cost_kr=total.cost_kr),
        "made_on": today,
    }


def render_html(*, plan: Plan, year: int) -> str:
    with translation.override("sv"):
        return render_to_string(TEMPLATE, report_context(plan=plan, year=year))


def render_pdf(*, plan: Plan, year: int) -> bytes:
    """Laid out in a child process (``trygg.core.pdf``): the worker's memory stays flat."""
    return html_to_pdf(render_html(plan=plan, year=year))


def filename(report: AnnualReport) -> str:
    return f"arsrapport-trygghetsarbetet-{report.year}.pdf"


def order(*, actor, plan: Plan, year: int) -> AnnualReport:
    """Ask for the year's report; it is made in the background after the commit (seconds
    for a large plan), so that no web worker waits on the layout."""
    prevention_policy.require(actor, "report_plan", plan)
    if year not in years_of(plan):
        raise ApplicationError(_("Choose one of the plan's years."), field="ar")
    from trygg.prevention.tasks import make_annual_report

    with transaction.atomic():
        report = AnnualReport.objects.create(
            plan=plan, year=year, requested_by=actor.user, requested_at=timezone.now()
        )
        record(
            action="prevention.report.order",
            actor=actor,
            target=plan,
            payload={"report": report.pk, "year": year},
        )
        transaction.on_commit(lambda: make_annual_report.enqueue(report.pk))
    return report


def make(report_id: int) -> AnnualReport | None:
    """Lay out a queued report and keep it. A failure is recorded on the report (and logged
    without its content), never half a file."""
    report = (
        AnnualReport.objects.select_related("plan__situation", "plan__municipality")
        .filter(pk=report_id, state=ReportState.QUEUED)
        .first()
    )
    if report is None:
        return None
    try:
        pdf = render_pdf(plan=report.plan, year=report.year)
    except Exception:
        logger.exception("Annual report %s could not be made.", report.pk)
        AnnualReport.objects.filter(pk=report.pk).update(
            state=ReportState.FAILED, finished_at=timezone.now()
        )
        return None
    report.file.save(filename(report), ContentFile(pdf), save=False)
    report.size = len(pdf)
    report.state = ReportState.READY
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "size", "state", "finished_at"])
    return report
