"""Återrapportering: scheduling, writing, submitting and approving follow-up reports.

A grant owes a final report a configurable number of days after the measure ends, and a
long measure also an interim report half-way. The applicant writes what was done, the
actual cost per budget line and the outcome per indicator; the coordinator approves or
asks for more. An approved final report marks the application as reported.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.fund.constants import ApplicationStatus, ReportKind, ReportStatus
from trygg.fund.models import Application, FollowUpReport, ReportCost, ReportOutcome
from trygg.fund.plan import grant_sync
from trygg.fund.workflow import SubmissionInvalid, status_change

WRITABLE = {ReportStatus.DUE, ReportStatus.MORE_REQUESTED}


def report_due_dates(*, start: date | None, end: date | None, decided: date) -> dict[str, date]:
    end = end or decided
    start = start or decided
    dates = {ReportKind.FINAL: end + timedelta(days=settings.TRYGG_FUND_FINAL_REPORT_DAYS)}
    if (end - start).days > settings.TRYGG_FUND_INTERIM_AFTER_DAYS:
        dates[ReportKind.INTERIM] = start + (end - start) / 2
    return dates


def reports_schedule(*, application: Application) -> list[FollowUpReport]:
    """Create the reports a grant owes (called by the decision, inside its transaction)."""
    dates = report_due_dates(
        start=application.start_date, end=application.end_date, decided=timezone.localdate()
    )
    return [
        FollowUpReport.objects.get_or_create(
            application=application, kind=kind, defaults={"due_date": due}
        )[0]
        for kind, due in dates.items()
    ]


def _require_applicant(actor, report: FollowUpReport) -> None:
    if not actor.has_role(Role.SOKANDE) or report.application.applicant_id != actor.organisation.pk:
        raise PermissionDenied
    if report.status not in WRITABLE:
        raise ApplicationError(_("The report has been submitted and can no longer be changed."))


def _require_coordinator(actor, report: FollowUpReport) -> None:
    from trygg.fund.policies import fund_policy

    fund_policy.require(actor, "administer", report.application)


def report_save(
    *,
    actor,
    report: FollowUpReport,
    what_was_done: str,
    lessons: str,
    costs: list[dict],
    outcomes: list[dict],
) -> FollowUpReport:
    _require_applicant(actor, report)
    with transaction.atomic():
        report.what_was_done = what_was_done
        report.lessons = lessons
        report.save(update_fields=["what_was_done", "lessons", "updated_at"])
        report.costs.all().delete()
        ReportCost.objects.bulk_create(
            ReportCost(report=report, order=i, **row) for i, row in enumerate(costs)
        )
        report.outcomes.all().delete()
        ReportOutcome.objects.bulk_create(
            ReportOutcome(report=report, order=i, **row) for i, row in enumerate(outcomes)
        )
        record(
            action="fund.report.update",
            actor=actor,
            target=report,
            payload={"application": report.application_id},
        )
    return report


def report_errors(report: FollowUpReport) -> dict[str, str]:
    errors = {}
    if not report.what_was_done.strip():
        errors["what_was_done"] = _("Describe what was done.")
    if not report.lessons.strip():
        errors["lessons"] = _("Describe what you learned.")
    if not report.costs.exists():
        errors["costs"] = _("Give the actual cost for the budget lines.")
    if report.outcomes.filter(outcome="").exists() or not report.outcomes.exists():
        errors["outcomes"] = _("Give the outcome for every indicator.")
    return errors


def report_submit(*, actor, report: FollowUpReport) -> FollowUpReport:
    _require_applicant(actor, report)
    errors = report_errors(report)
    if errors:
        raise SubmissionInvalid(errors)
    with transaction.atomic():
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = actor.user
        report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        record(
            action="fund.report.submit",
            actor=actor,
            target=report,
            payload={"application": report.application_id, "kind": report.kind},
        )
    return report


def report_request_more(*, actor, report: FollowUpReport, comment: str) -> FollowUpReport:
    _require_coordinator(actor, report)
    if report.status != ReportStatus.SUBMITTED:
        raise ApplicationError(_("Only a submitted report can be sent back."))
    if not comment.strip():
        raise ApplicationError(_("Say what is missing."), field="comment")
    with transaction.atomic():
        report.status = ReportStatus.MORE_REQUESTED
        report.coordinator_comment = comment.strip()
        report.save(update_fields=["status", "coordinator_comment", "updated_at"])
        record(
            action="fund.report.return",
            actor=actor,
            target=report,
            payload={"application": report.application_id},
        )
    return report


def report_approve(*, actor, report: FollowUpReport) -> FollowUpReport:
    _require_coordinator(actor, report)
    if report.status != ReportStatus.SUBMITTED:
        raise ApplicationError(_("Only a submitted report can be approved."))
    with transaction.atomic():
        report.status = ReportStatus.APPROVED
        report.approved_at = timezone.now()
        report.approved_by = actor.user
        report.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        record(
            action="fund.report.approve",
            actor=actor,
            target=report,
            payload={"application": report.application_id, "kind": report.kind},
        )
        application = Application.objects.select_for_update().get(pk=report.application_id)
        if report.kind == ReportKind.FINAL and application.status == ApplicationStatus.PAID:
            status_change(application, actor, ApplicationStatus.REPORTED)
        grant_sync(application.pk)
    return report


def reports_needing_reminder(*, today: date, kind: str):
    """Reports not yet submitted whose reminder of this kind is due today or earlier."""
    from trygg.fund.constants import ReminderKind

    pending = FollowUpReport.objects.filter(status__in=WRITABLE).exclude(reminders__kind=kind)
    if kind == ReminderKind.BEFORE:
        horizon = today + timedelta(days=settings.TRYGG_FUND_REMINDER_DAYS_BEFORE)
        return pending.filter(due_date__lte=horizon, due_date__gte=today)
    overdue_since = today - timedelta(days=settings.TRYGG_FUND_REMINDER_DAYS_AFTER)
    return pending.filter(due_date__lte=overdue_since)


def overdue_reports(*, municipality_id: int, today: date | None = None):
    today = today or timezone.localdate()
    return (
        FollowUpReport.objects.filter(
            application__municipality_id=municipality_id, status__in=WRITABLE, due_date__lt=today
        )
        .select_related("application", "application__applicant")
        .order_by("due_date")
    )
