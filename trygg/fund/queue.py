"""The fund's rows in each person's work queue (``trygg.core.workqueue``): at most three
queries per role, whatever the number of applications."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.roles import Role
from trygg.core.workqueue import WorkItem
from trygg.fund.constants import ApplicationStatus, PaymentStatus, ReportStatus
from trygg.fund.models import (
    Application,
    CompletionRequest,
    FollowUpReport,
    Payment,
    ReviewAssignment,
)
from trygg.fund.policies import fund_policy

REPORTS_DUE_WITHIN_DAYS = 30
WRITABLE_REPORTS = (ReportStatus.DUE, ReportStatus.MORE_REQUESTED)


def _list(status: str = "") -> str:
    url = reverse("fund:index")
    return f"{url}?{urlencode({'status': status})}" if status else url


def _coordinator(actor) -> list[WorkItem]:
    today = timezone.localdate()
    municipality = actor.municipality_id
    applications = (
        Application.objects.filter(municipality_id=municipality)
        .alias(
            completed=Exists(CompletionRequest.objects.filter(application=OuterRef("pk"))),
            assigned=Exists(ReviewAssignment.objects.filter(application=OuterRef("pk"))),
            pending=Exists(
                ReviewAssignment.objects.filter(
                    application=OuterRef("pk"), submitted_at__isnull=True
                ).exclude(has_conflict=True)
            ),
        )
        .aggregate(
            new=Count("id", filter=Q(status=ApplicationStatus.SUBMITTED, completed=False)),
            answered=Count("id", filter=Q(status=ApplicationStatus.SUBMITTED, completed=True)),
            unassigned=Count("id", filter=Q(status=ApplicationStatus.IN_REVIEW, assigned=False)),
            ready=Count(
                "id", filter=Q(status=ApplicationStatus.IN_REVIEW, assigned=True, pending=False)
            ),
        )
    )
    payments = (
        Payment.objects.filter(
            application__municipality_id=municipality, status=PaymentStatus.REQUESTED
        )
        .exclude(requested_by_id=actor.user.pk)  # never one's own request: four eyes
        .count()
    )
    reports = FollowUpReport.objects.filter(application__municipality_id=municipality).aggregate(
        to_approve=Count("id", filter=Q(status=ReportStatus.SUBMITTED)),
        overdue=Count("id", filter=Q(status__in=WRITABLE_REPORTS, due_date__lt=today)),
    )
    submitted = _list(ApplicationStatus.SUBMITTED)
    in_review = _list(ApplicationStatus.IN_REVIEW)
    return [
        WorkItem(_("Payments waiting for your approval"), payments, reverse("fund:payments")),
        WorkItem(_("New applications to check"), applications["new"], submitted),
        WorkItem(_("Completed applications to check again"), applications["answered"], submitted),
        WorkItem(_("Applications without reviewers"), applications["unassigned"], in_review),
        WorkItem(_("Applications reviewed and ready to decide"), applications["ready"], in_review),
        WorkItem(_("Follow-up reports to approve"), reports["to_approve"], reverse("fund:reports")),
        WorkItem(
            _("Follow-up reports overdue"),
            reports["overdue"],
            reverse("fund:reports"),
            urgent=True,
        ),
    ]


def _reviewer(actor) -> list[WorkItem]:
    waiting = (
        ReviewAssignment.objects.filter(
            reviewer_id=actor.user.pk,
            application__municipality_id=actor.municipality_id,
            submitted_at__isnull=True,
        )
        .exclude(has_conflict=True)
        .aggregate(
            undeclared=Count("id", filter=Q(declared_at__isnull=True)),
            unscored=Count("id", filter=Q(declared_at__isnull=False)),
        )
    )
    url = reverse("fund:index")
    return [
        WorkItem(
            _("Reviews waiting for your declaration of interests"), waiting["undeclared"], url
        ),
        WorkItem(_("Reviews waiting for your scores"), waiting["unscored"], url),
    ]


def _applicant(actor) -> list[WorkItem]:
    today = timezone.localdate()
    own = fund_policy.visible(actor, Application.objects.all())
    applications = own.aggregate(
        drafts=Count("id", filter=Q(status=ApplicationStatus.DRAFT)),
        completion=Count("id", filter=Q(status=ApplicationStatus.COMPLETION_REQUESTED)),
    )
    reports = FollowUpReport.objects.filter(
        application__in=own.values("pk"), status__in=WRITABLE_REPORTS
    ).aggregate(
        overdue=Count("id", filter=Q(due_date__lt=today)),
        soon=Count(
            "id",
            filter=Q(
                due_date__gte=today,
                due_date__lte=today + timedelta(days=REPORTS_DUE_WITHIN_DAYS),
            ),
        ),
    )
    return [
        WorkItem(
            _("Applications where the coordinator asks for more"),
            applications["completion"],
            _list(ApplicationStatus.COMPLETION_REQUESTED),
            urgent=True,
        ),
        WorkItem(_("Follow-up reports overdue"), reports["overdue"], _list(), urgent=True),
        WorkItem(_("Follow-up reports due within 30 days"), reports["soon"], _list()),
        WorkItem(
            _("Drafts not yet submitted"), applications["drafts"], _list(ApplicationStatus.DRAFT)
        ),
    ]


def work_queue(*, actor) -> list[WorkItem]:
    """What waits in the fund for the actor, in the role they act in now."""
    if not fund_policy.can(actor, "use_fund") or actor.membership is None:
        return []
    role = actor.membership.role
    if role == Role.SAMORDNARE:
        return _coordinator(actor)
    if role == Role.GRANSKARE:
        return _reviewer(actor)
    if role == Role.SOKANDE:
        return _applicant(actor)
    return []
