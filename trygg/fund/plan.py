"""The fund in the municipality's action plan (Lag 2023:196): what a grant leaves behind
flows into the plan, and the plan's problems are what calls and applications name.

``grant_sync`` is called in the transaction of every write that changes what the plan shows
of a grant: the decision, a payment, a repayment and an approved follow-up report. The plan
keeps its own copy (``prevention.plan.services.grant_record``) so that it never reads the
fund's tables; the fund reads the plan through its public selectors only.
"""

from __future__ import annotations

from django.utils import timezone

from trygg.fund.constants import DecisionOutcome, LedgerKind, ReportKind, ReportStatus
from trygg.fund.models import Application
from trygg.prevention.constants import GrantReportState
from trygg.prevention.plan.services import GrantFacts, grant_record

GRANTED = (DecisionOutcome.GRANTED, DecisionOutcome.PARTLY_GRANTED)


def problem_label(problem) -> str:
    """A problem as the applicant and the coordinator choose it: its priority, what and where."""
    where = ", ".join(d.name for d in problem.districts.all())
    return f"{problem.priority}. {problem.title}" + (f" ({where})" if where else "")


def grant_sync(application_id: int) -> None:
    application = (
        Application.objects.select_related("applicant", "decision")
        .prefetch_related("districts")
        .get(pk=application_id)
    )
    decision = getattr(application, "decision", None)
    if decision is None or decision.outcome not in GRANTED:
        return
    approved = {
        report.kind: report for report in application.reports.filter(status=ReportStatus.APPROVED)
    }
    newest = approved.get(ReportKind.FINAL) or approved.get(ReportKind.INTERIM)
    state = GrantReportState.NONE
    if newest is not None:
        state = (
            GrantReportState.FINAL if newest.kind == ReportKind.FINAL else GrantReportState.INTERIM
        )
    returned = sum(
        application.ledger_entries.filter(kind=LedgerKind.RETURN).values_list(
            "amount_kr", flat=True
        )
    )
    grant_record(
        GrantFacts(
            municipality_id=application.municipality_id,
            application_id=application.pk,
            reference=application.reference,
            title=application.title,
            organisation_name=application.applicant.name,
            problem_id=application.addresses_id,
            district_names=", ".join(sorted(d.name for d in application.districts.all())),
            decided_on=timezone.localdate(decision.created_at),
            granted_kr=application.granted_kr,
            paid_kr=application.paid_kr,
            returned_kr=returned,
            report_state=state,
            report_text=newest.what_was_done if newest else "",
        )
    )
