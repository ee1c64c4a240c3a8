"""Joint units (gemensam enhet): the costs per home municipality for the cost-sharing
agreement, and a municipality taking over its cases when it has left an agreement.

The cases a joint unit holds stay owned by the person's home municipality (see
``policies._reaches``); when the agreement ends the unit no longer reaches them, and the
home municipality's unit manager takes each over into a unit of its own, with a case
officer as its team."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership
from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.models import Case, CaseTask, CaseTeamMember, EmergencyAccess
from trygg.defectors.policies import defectors_policy, forget_team
from trygg.organisations.models import JointService


def costs_by_municipality(*, unit, year: int) -> list[dict]:
    """Per home municipality: its cases in the unit, and the decided and actual costs of the
    interventions that started in ``year``. One query."""
    rows = (
        Case.objects.filter(unit=unit)
        .values("municipality__name")
        .annotate(
            cases=Count("id", distinct=True),
            decided=Sum(
                "interventions__decided_cost", filter=Q(interventions__start_on__year=year)
            ),
            actual=Sum("interventions__actual_cost", filter=Q(interventions__start_on__year=year)),
        )
        .order_by("municipality__name")
    )
    return [
        {
            "municipality": row["municipality__name"],
            "cases": row["cases"],
            "decided": row["decided"] or 0,
            "actual": row["actual"] or 0,
        }
        for row in rows
    ]


def left_behind(*, actor):
    """The municipality's cases in another municipality's unit that no longer serves it."""
    if not defectors_policy.can(actor, "take_over_cases"):
        return Case.objects.none()
    today = timezone.localdate()
    serving = JointService.objects.filter(
        municipality_id=actor.municipality_id, starts_on__lte=today
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    return (
        Case.objects.filter(municipality_id=actor.municipality_id)
        .exclude(unit__municipality_id=actor.municipality_id)
        .exclude(unit_id__in=serving.values("unit_id"))
        .select_related("unit", "unit__municipality")
        .order_by("reference")
    )


def case_take_over(*, actor, case: Case, case_officer) -> Case:
    defectors_policy.require(actor, "take_over_cases")
    if not left_behind(actor=actor).filter(pk=case.pk).exists():
        raise ApplicationError(_("The case cannot be taken over."))
    unit = actor.organisation
    if not Membership.objects.filter(
        user=case_officer, organisation=unit, role=Role.HANDLAGGARE, user__is_active=True
    ).exists():
        raise ApplicationError(
            _("Choose a case officer of your unit for the case team."), field="case_officer"
        )
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        from_unit = case.unit
        case.unit = unit
        case.team_decided_at = now
        case.save(update_fields=["unit", "team_decided_at", "updated_at"])
        CaseTeamMember.objects.filter(case=case).delete()
        CaseTeamMember.objects.create(case=case, user=case_officer)
        forget_team(case)
        CaseTask.objects.filter(case=case, done_at__isnull=True).update(assigned_to=None)
        EmergencyAccess.objects.filter(case=case, expires_at__gt=now).update(expires_at=now)
        for municipality_id in {case.municipality_id, from_unit.municipality_id}:
            record(
                action="defectors.case.take_over",
                actor=actor,
                target=case,
                municipality_id=municipality_id,
                payload={"from_unit": from_unit.pk, "unit": unit.pk, "team": [case_officer.pk]},
            )
    return case
