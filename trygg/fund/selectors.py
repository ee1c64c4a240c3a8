"""Reads in the safety fund. Every read of applications goes through the policy's filter."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role
from trygg.fund.constants import FUNDED, ApplicationStatus, PaymentStatus
from trygg.fund.models import (
    Application,
    Call,
    FollowUpReport,
    FundYear,
    Payment,
    ReviewAssignment,
)
from trygg.fund.policies import fund_policy, open_calls
from trygg.organisations.models import District


def application_list(*, actor, filters: dict | None = None) -> QuerySet[Application]:
    filters = filters or {}
    applications = fund_policy.visible(actor, Application.objects.all())
    if filters.get("status"):
        applications = applications.filter(status=filters["status"])
    if filters.get("category"):
        applications = applications.filter(category=filters["category"])
    if filters.get("measure_type"):
        applications = applications.filter(measure_types__icontains=f'"{filters["measure_type"]}"')
    return (
        applications.select_related("applicant", "call")
        .prefetch_related(Prefetch("districts", queryset=District.objects.order_by("name")))
        .order_by("-created_at", "-id")
    )


# The application list's order; the index ``fund_application_list_idx`` serves it.
APPLICATION_LIST_ORDER = ("-created_at", "-id")


def _district_names() -> Prefetch:
    """The districts by name only, as a plain list ``district_list`` (prefetching into the
    manager builds a queryset per row)."""
    return Prefetch(
        "districts",
        queryset=District.objects.only("id", "name").order_by("name"),
        to_attr="district_list",
    )


def application_rows(*, actor, filters: dict | None = None) -> QuerySet[Application]:
    """``application_list`` with only the columns the list page shows (a long text is
    neither read nor turned into Python for fifty rows), the districts by name only, as a
    plain list ``district_list`` (prefetching into the manager builds a queryset per row)."""
    return (
        application_list(actor=actor, filters=filters)
        .select_related(None)
        .select_related("applicant")
        .prefetch_related(None)
        .prefetch_related(_district_names())
        .only(
            "id",
            "created_at",
            "reference",
            "title",
            "status",
            "requested_kr",
            "granted_kr",
            "applicant__id",
            "applicant__name",
        )
    )


def application_get(*, actor, application_id: int) -> Application:
    return get_object_or_404(
        application_list(actor=actor).select_related(
            "call__fund_year", "municipality", "decision__reported_in", "addresses"
        ),
        pk=application_id,
    )


def call_list(*, actor) -> QuerySet[Call]:
    return (
        fund_policy.visible_calls(actor, Call.objects.all()).select_related("fund_year").distinct()
    )


def open_call_list(*, actor) -> QuerySet[Call]:
    """Open calls with their criteria and weights, which applicants read before applying."""
    return open_calls(call_list(actor=actor)).prefetch_related("criteria").order_by("closes_at")


def call_get(*, actor, call_id: int) -> Call:
    return get_object_or_404(call_list(actor=actor), pk=call_id)


def review_assignments_of(*, actor) -> QuerySet[ReviewAssignment]:
    return (
        ReviewAssignment.objects.filter(
            reviewer_id=actor.user.pk, application__municipality_id=actor.municipality_id
        )
        .select_related("application", "application__applicant")
        .order_by("submitted_at", "-created_at")
    )


def review_assignment_get(*, actor, assignment_id: int) -> ReviewAssignment:
    return get_object_or_404(
        review_assignments_of(actor=actor).select_related("application__call"), pk=assignment_id
    )


def reviews_visible_to(*, actor, application: Application) -> list[ReviewAssignment]:
    """Blind review: a reviewer sees the others' reviews only after submitting their own."""
    from trygg.core.roles import Role
    from trygg.fund.models import Score

    reviews = list(
        application.reviews.select_related("reviewer").prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        )
    )
    if actor.has_role(Role.SAMORDNARE):
        return reviews
    own = next((r for r in reviews if r.reviewer_id == actor.user.pk), None)
    if own is None or own.submitted_at is None:
        return [own] if own else []
    return [r for r in reviews if r.submitted_at and not r.has_conflict]


def fund_year_current(*, municipality_id: int | None) -> FundYear | None:
    return FundYear.objects.filter(municipality_id=municipality_id).order_by("-year").first()


def history_of(*, application: Application) -> list[AuditEvent]:
    """The application's events with who did them (``actor_name``), in one query."""
    names = User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1]
    return list(
        AuditEvent.objects.filter(target_type="fund.application", target_id=str(application.pk))
        .annotate(actor_name=Subquery(names))
        .order_by("id")
    )


def last_saved_by(*, application: Application) -> tuple[str, object]:
    """Who saved the draft last and when (for the page that shows a colleague's save)."""
    event = (
        AuditEvent.objects.filter(
            action="fund.application.update",
            target_type="fund.application",
            target_id=str(application.pk),
        )
        .annotate(
            actor_name=Subquery(
                User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1]
            )
        )
        .order_by("-id")
        .first()
    )
    if event is None:
        return "", None
    return event.actor_name or "", event.at


def pipeline(*, fund_year: FundYear) -> list[dict]:
    rows = (
        Application.objects.filter(call__fund_year=fund_year)
        .exclude(status=ApplicationStatus.DRAFT)
        .values("status")
        .annotate(count=Count("id"), requested=Sum("requested_kr"), granted=Sum("granted_kr"))
    )
    by_status = {row["status"]: row for row in rows}
    return [
        {
            "status": status,
            "label": label,
            **by_status.get(status, {"count": 0, "requested": 0, "granted": 0}),
        }
        for status, label in ApplicationStatus.choices
        if status != ApplicationStatus.DRAFT
    ]


def public_grants(*, municipality_id: int | None = None) -> QuerySet[Application]:
    """Granted measures are public records: title, applicant, amount, districts, category."""
    grants = Application.objects.filter(status__in=FUNDED)
    if municipality_id:
        grants = grants.filter(municipality_id=municipality_id)
    return (
        grants.select_related("applicant", "municipality", "call__fund_year")
        .prefetch_related(
            Prefetch("districts", queryset=District.objects.order_by("name")),
            # The results the coordinator published: the final report's before an interim's.
            Prefetch(
                "reports",
                queryset=FollowUpReport.objects.filter(published_at__isnull=False)
                .prefetch_related("costs", "outcomes")
                .order_by("kind"),
                to_attr="published_reports",
            ),
        )
        .order_by("-call__fund_year__year", "reference")
    )


def public_grant_rows() -> QuerySet[Application]:
    """``public_grants`` for the public list: the shown columns only, the districts as a
    list ``district_list``, and the published reports as a list ``published_reports`` of
    ids only (the list says whether there are results, not what they are: no costs or
    outcomes are read). Read for the page's rows only, not as a subquery per grant, which
    the database would run for every grant it sorts."""
    published = FollowUpReport.objects.filter(published_at__isnull=False).only(
        "id", "application_id"
    )
    return (
        public_grants()
        .select_related(None)
        .select_related("applicant")
        .prefetch_related(None)
        .prefetch_related(
            _district_names(),
            Prefetch("reports", queryset=published, to_attr="published_reports"),
        )
        .only(
            "id",
            "title",
            "reference",
            "category",
            "status",
            "granted_kr",
            "applicant__id",
            "applicant__name",
        )
    )


def payments_approved(*, actor) -> QuerySet[Payment]:
    """Approved payments of the coordinator's municipality, oldest first (the finance export)."""
    if not fund_policy.can(actor, "administer"):
        return Payment.objects.none()
    return (
        Payment.objects.filter(
            application__municipality_id=actor.municipality_id, status=PaymentStatus.APPROVED
        )
        .select_related("application__applicant", "requested_by", "approved_by")
        .order_by("approved_at", "id")
    )


def payments_waiting(*, actor) -> QuerySet[Payment]:
    """Payment requests of the coordinator's municipality that wait for a second person,
    oldest first, with whether the actor may approve each (never their own request)."""
    if not fund_policy.can(actor, "administer"):
        return Payment.objects.none()
    return (
        Payment.objects.filter(
            application__municipality_id=actor.municipality_id, status=PaymentStatus.REQUESTED
        )
        .select_related("application__applicant", "requested_by")
        .order_by("created_at", "id")
    )


def reports_to_handle(*, actor) -> QuerySet:
    """Follow-up reports of the municipality that wait for the coordinator (submitted) or
    are overdue, submitted first, then by due date."""
    from trygg.fund.constants import ReportStatus
    from trygg.fund.models import FollowUpReport

    if not fund_policy.can(actor, "administer"):
        return FollowUpReport.objects.none()
    today = timezone.localdate()
    return (
        FollowUpReport.objects.filter(application__municipality_id=actor.municipality_id)
        .filter(
            Q(status=ReportStatus.SUBMITTED)
            | Q(status__in=(ReportStatus.DUE, ReportStatus.MORE_REQUESTED), due_date__lt=today)
        )
        .select_related("application__applicant")
        .order_by(
            Case(When(status=ReportStatus.SUBMITTED, then=Value(0)), default=Value(1)),
            "due_date",
            "id",
        )
    )


def reviewer_candidates(*, municipality_id: int) -> QuerySet:
    """The users who hold the reviewer role in the municipality: whom a coordinator can assign."""
    return User.objects.filter(
        memberships__role=Role.GRANSKARE,
        memberships__organisation__municipality_id=municipality_id,
    ).distinct()


def work_queue(*, actor):
    """What waits in the fund for the actor (``trygg.core.workqueue``)."""
    from trygg.fund.queue import work_queue as queue

    return queue(actor=actor)
