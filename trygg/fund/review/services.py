"""Writes of the review: the formal check, assigning reviewers, the declaration on conflict of
interest (jäv) and the scored review. Each checks the policy, validates, changes and audits in
one transaction."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund.constants import (
    SCORE_MAX,
    SCORE_MIN,
    ApplicationStatus,
)
from trygg.fund.models import (
    Application,
    ReviewAssignment,
    Score,
)
from trygg.fund.policies import fund_policy
from trygg.fund.workflow import locked_in_status, status_change


def formal_check_pass(*, actor, application: Application) -> None:
    fund_policy.require(actor, "administer", application)
    with transaction.atomic():
        locked_in_status(
            application,
            {ApplicationStatus.SUBMITTED},
            _("Only a submitted application can pass the formal check."),
        )
        status_change(application, actor, ApplicationStatus.IN_REVIEW, formal_check="passed")


def reviewer_assign(*, actor, application: Application, reviewer) -> ReviewAssignment:
    from trygg.core.roles import Role

    fund_policy.require(actor, "administer", application)
    if application.status != ApplicationStatus.IN_REVIEW:
        raise ApplicationError(_("Pass the formal check before assigning reviewers."))
    if (
        not reviewer.is_active
        or not reviewer.memberships.filter(
            role=Role.GRANSKARE,
            organisation__municipality_id=application.municipality_id,
            organisation__is_active=True,
        ).exists()
    ):
        raise ApplicationError(_("Choose a reviewer from the municipality."), field="reviewer")
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                application=application, reviewer=reviewer, assigned_by=actor.user
            )
            record(
                action="fund.review.assign",
                actor=actor,
                target=assignment,
                payload={"application": application.pk, "reviewer": reviewer.pk},
            )
    except IntegrityError as error:
        raise ApplicationError(_("The reviewer is already assigned."), field="reviewer") from error
    return assignment


def conflict_declare(*, actor, assignment: ReviewAssignment, has_conflict: bool, reason: str = ""):
    if assignment.reviewer_id != actor.user.pk:
        raise PermissionDenied
    if assignment.has_conflict is not None:
        raise ApplicationError(_("You have already declared."))
    if has_conflict and not reason.strip():
        raise ApplicationError(_("Describe the conflict of interest briefly."), field="reason")
    with transaction.atomic():
        assignment.has_conflict = has_conflict
        assignment.conflict_reason = reason.strip() if has_conflict else ""
        assignment.declared_at = timezone.now()
        assignment.save(
            update_fields=["has_conflict", "conflict_reason", "declared_at", "updated_at"]
        )
        record(
            action="fund.review.declare",
            actor=actor,
            target=assignment,
            payload={"conflict": has_conflict},
        )


def weighted_total(scores: list[tuple[int, int]]) -> Decimal:
    """Weighted mean of (score, weight) pairs, two decimals."""
    total_weight = sum(weight for _score, weight in scores)
    value = Decimal(sum(score * weight for score, weight in scores)) / Decimal(total_weight)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def review_submit(
    *,
    actor,
    assignment: ReviewAssignment,
    scores: dict[int, tuple[int, str]],
    recommendation: str,
    comment: str,
) -> ReviewAssignment:
    fund_policy.require(actor, "review", assignment)
    if assignment.submitted_at:
        raise ApplicationError(_("You have already submitted your review."))
    criteria = list(assignment.application.call.criteria.all())
    missing = [c for c in criteria if c.pk not in scores]
    if missing:
        raise ApplicationError(_("Score every criterion."), field=f"score_{missing[0].pk}")
    for criterion in criteria:
        if not SCORE_MIN <= scores[criterion.pk][0] <= SCORE_MAX:
            raise ApplicationError(_("Scores go from 1 to 5."), field=f"score_{criterion.pk}")
    if not recommendation:
        raise ApplicationError(_("Give a recommendation."), field="recommendation")
    with transaction.atomic():
        Score.objects.bulk_create(
            Score(review=assignment, criterion=c, score=scores[c.pk][0], comment=scores[c.pk][1])
            for c in criteria
        )
        assignment.recommendation = recommendation
        assignment.comment = comment
        assignment.submitted_at = timezone.now()
        assignment.weighted_score = weighted_total([(scores[c.pk][0], c.weight) for c in criteria])
        assignment.save()
        record(
            action="fund.review.submit",
            actor=actor,
            target=assignment,
            payload={"application": assignment.application_id},
        )
    return assignment
