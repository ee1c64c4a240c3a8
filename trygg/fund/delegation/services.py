"""Writes of the delegation list, the reports of delegated decisions and the appeal text."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund.models import DelegationPoint, FundSettings
from trygg.fund.policies import fund_policy


def delegation_point_save(
    *, actor, point: DelegationPoint | None, fields: dict, decision_makers
) -> DelegationPoint:
    fund_policy.require(actor, "maintain_delegation", point)
    point = point or DelegationPoint(municipality_id=actor.municipality_id)
    makers = list(decision_makers)
    if makers and _coordinators_among(makers, actor.municipality_id) != len(makers):
        raise ApplicationError(
            _("Only the municipality's fund coordinators can hold a delegation."),
            field="decision_makers",
        )
    for name, value in fields.items():
        setattr(point, name, value.strip() if isinstance(value, str) else value)
    try:
        with transaction.atomic():
            point.save()
            point.decision_makers.set(makers)
            record(
                action="fund.delegation_point.save",
                actor=actor,
                target=point,
                payload={"max_amount_kr": point.max_amount_kr, "active": point.is_active},
            )
    except IntegrityError as error:
        raise ApplicationError(
            _("The delegation list already has a point %(point)s.") % {"point": point.point},
            field="point",
        ) from error
    return point


def _coordinators_among(users, municipality_id: int) -> int:
    """How many of the users are fund coordinators of the municipality (one query)."""
    from trygg.core.roles import Role

    return (
        get_user_model()
        .objects.filter(
            pk__in=[user.pk for user in users],
            memberships__role=Role.SAMORDNARE,
            memberships__organisation__municipality_id=municipality_id,
        )
        .distinct()
        .count()
    )


def appeal_text_save(*, actor, appeal_text: str) -> FundSettings:
    fund_policy.require(actor, "maintain_delegation")
    if "{tillkannagivande}" not in appeal_text:
        raise ApplicationError(
            _("Keep {tillkannagivande} in the text: it says from which day the three weeks run."),
            field="appeal_text",
        )
    with transaction.atomic():
        settings, _created = FundSettings.objects.select_for_update().get_or_create(
            municipality_id=actor.municipality_id
        )
        settings.appeal_text = appeal_text.strip()
        settings.save()
        record(action="fund.appeal_text.save", actor=actor, target=settings)
    return settings
