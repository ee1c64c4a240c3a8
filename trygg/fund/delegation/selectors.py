"""Reads of the delegation list, its reports and the municipality's appeal text, and the rule
a decision must pass: the point is in force, the actor may decide under it, the amount is
within its limit."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError
from trygg.core.templatetags.trygg import thousands
from trygg.fund.models import Decision, DelegationPoint, DelegationReport, FundSettings
from trygg.fund.models.council import ANNOUNCEMENT_DONE, ANNOUNCEMENT_PENDING, DEFAULT_APPEAL_TEXT


def points_of(*, municipality_id: int) -> QuerySet[DelegationPoint]:
    return DelegationPoint.objects.filter(municipality_id=municipality_id).prefetch_related(
        "decision_makers"
    )


def points_for_decision(*, actor) -> list[DelegationPoint]:
    """The points in force that the actor may decide under."""
    return [
        point
        for point in points_of(municipality_id=actor.municipality_id).filter(is_active=True)
        if _may_decide(actor, point)
    ]


def point_get(*, actor, point_id: int) -> DelegationPoint:
    return get_object_or_404(DelegationPoint, pk=point_id, municipality_id=actor.municipality_id)


def delegation_point_named(*, actor, point: str) -> DelegationPoint | None:
    """The municipality's point with that number (``4.2``), or None."""
    return DelegationPoint.objects.filter(
        municipality_id=actor.municipality_id, point=point.strip()
    ).first()


def _may_decide(actor, point: DelegationPoint) -> bool:
    makers = [user.pk for user in point.decision_makers.all()]
    return not makers or actor.user.pk in makers


def delegation_check(*, actor, application, point: DelegationPoint | None, amount_kr: int) -> None:
    """Refuse a decision the delegation list does not allow (before anything is written)."""
    if point is None:
        raise ApplicationError(
            _("Choose the point of the delegation list you decide under."), field="delegation"
        )
    if point.municipality_id != application.municipality_id or not point.is_active:
        raise ApplicationError(
            _("That point is not in force in the municipality's delegation list."),
            field="delegation",
        )
    if not _may_decide(actor, point):
        raise ApplicationError(
            _("Point %(point)s is delegated to %(delegate)s; you are not among those who hold it.")
            % {"point": point.point, "delegate": point.delegate},
            field="delegation",
        )
    if point.max_amount_kr is not None and amount_kr > point.max_amount_kr:
        raise ApplicationError(
            _(
                "Point %(point)s allows decisions up to %(limit)s kr; %(amount)s kr must be "
                "decided under another point or by the committee. Nothing was decided."
            )
            % {
                "point": point.point,
                "limit": thousands(point.max_amount_kr),
                "amount": thousands(amount_kr),
            },
            field="delegation",
        )


# --- Reports of delegated decisions --------------------------------------------------------


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# The report's order, oldest first; the id makes every decision's place its own.
DECISION_ORDER = ("created_at", "id")


def decisions_between(
    *, actor, period_from: datetime.date, period_to: datetime.date
) -> QuerySet[Decision]:
    """The municipality's decisions taken in the period (Swedish calendar days), oldest first,
    read from the period index (``fund_decision_period_idx``: municipality, time)."""
    return (
        Decision.objects.filter(
            municipality_id=actor.municipality_id,
            created_at__gte=_day_start(period_from),
            created_at__lt=_day_start(period_to + datetime.timedelta(days=1)),
        )
        .select_related("application__applicant", "decided_by", "delegation_point", "reported_in")
        .order_by(*DECISION_ORDER)
    )


def decision_rows(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """``decisions`` with only what the report page shows of each (a page holds a hundred):
    the application's reference, title and applicant, and when it was reported."""
    return (
        decisions.select_related(None)
        .select_related("application__applicant", "reported_in")
        .only(
            "id",
            "created_at",
            "outcome",
            "amount_kr",
            "delegation",
            "application__id",
            "application__reference",
            "application__title",
            "application__applicant__id",
            "application__applicant__name",
            "reported_in__id",
            "reported_in__announced_on",
        )
    )


def reports_of(*, actor) -> QuerySet[DelegationReport]:
    return DelegationReport.objects.filter(municipality_id=actor.municipality_id)


# --- The appeal text -------------------------------------------------------------------------


def appeal_text_of(*, municipality_id: int) -> str:
    settings = FundSettings.objects.filter(municipality_id=municipality_id).first()
    return settings.appeal_text if settings else DEFAULT_APPEAL_TEXT


def appeal_paragraphs(*, decision: Decision) -> list[str]:
    """The letter's appeal text with the announcement sentence and the reference filled in."""
    report = decision.reported_in
    announcement = (
        ANNOUNCEMENT_DONE.format(datum=report.announced_on.isoformat())
        if report
        else ANNOUNCEMENT_PENDING
    )
    text = appeal_text_of(municipality_id=decision.application.municipality_id)
    filled = text.replace("{tillkannagivande}", announcement).replace(
        "{diarienummer}", decision.application.reference
    )
    return [part.strip() for part in filled.replace("\r\n", "\n").split("\n\n") if part.strip()]
