"""Who may do what in the defector programme: need to know, default deny.

Only the case team opens a case. The unit manager (enhetschef) sees the unit's case list,
masked, and assigns case officers, but opens a case only when on its team. Other case
officers of the same unit see nothing of a case they are not on. Nobody outside the
municipality, no system administrator, log reviewer, analyst or fund user sees anything.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from trygg.accounts.constants import Role
from trygg.core.policies import ALLOW, Decision, Policy, deny

CASE_ROLES = (Role.HANDLAGGARE, Role.ENHETSCHEF)


def _in_unit(actor) -> bool:
    return actor.has_role(*CASE_ROLES) and actor.organisation is not None


class DefectorsPolicy(Policy):
    name = "defectors"

    def can_use(self, actor, obj=None) -> Decision:
        return ALLOW if _in_unit(actor) else deny()

    def can_create_intake(self, actor, obj=None) -> Decision:
        """The case goes to the actor's unit and the actor joins its team."""
        return ALLOW if _in_unit(actor) else deny()

    def can_open(self, actor, case) -> Decision:
        """The case team, or a unit colleague during a granted emergency access.

        The unit manager too opens a case only when on the team (or by emergency access)."""
        if not _in_unit(actor) or case is None or case.municipality_id != actor.municipality_id:
            return deny()
        if case.team.filter(user_id=actor.user.pk).exists():
            return ALLOW
        if active_emergency_access(actor, case) is not None:
            return ALLOW
        return deny()

    def can_reveal(self, actor, case) -> Decision:
        return self.can_open(actor, case)

    def can_edit(self, actor, case) -> Decision:
        """Write in the case file (journal, mapping, consents, plan...): whoever may open
        the case, while it is open. A closed case is read-only until reopened."""
        from trygg.defectors.constants import CaseStatus

        if case is not None and case.status == CaseStatus.AVSLUTAT:
            return deny()
        return self.can_open(actor, case)

    def can_request_emergency_access(self, actor, case) -> Decision:
        """A case officer or unit manager of the case's own unit, not on the team."""
        if not _in_unit(actor) or case is None:
            return deny()
        if case.unit_id != actor.organisation.pk or case.municipality_id != actor.municipality_id:
            return deny()
        if case.team.filter(user_id=actor.user.pk).exists():
            return deny()
        return ALLOW

    def can_assign(self, actor, case) -> Decision:
        if not actor.has_role(Role.ENHETSCHEF) or actor.organisation is None or case is None:
            return deny()
        if case.unit_id != actor.organisation.pk or case.municipality_id != actor.municipality_id:
            return deny()
        return ALLOW

    def visible(self, actor, queryset: QuerySet) -> QuerySet:
        """Cases the actor may see in a list. Opening one also needs ``can_open``."""
        if not actor.is_authenticated or not _in_unit(actor):
            return queryset.none()
        queryset = queryset.filter(municipality_id=actor.municipality_id)
        if actor.has_role(Role.ENHETSCHEF):
            return queryset.filter(unit_id=actor.organisation.pk)
        from trygg.defectors.models import CaseTeamMember

        return queryset.filter(
            pk__in=CaseTeamMember.objects.filter(user_id=actor.user.pk).values("case_id")
        )

    def visible_by_emergency(self, actor, queryset: QuerySet) -> QuerySet:
        """Cases of the actor's unit they hold an unexpired emergency access to."""
        if not actor.is_authenticated or not _in_unit(actor):
            return queryset.none()
        from trygg.defectors.models import EmergencyAccess

        return queryset.filter(
            municipality_id=actor.municipality_id,
            unit_id=actor.organisation.pk,
            pk__in=EmergencyAccess.objects.filter(
                user_id=actor.user.pk, expires_at__gt=timezone.now()
            ).values("case_id"),
        )


def active_emergency_access(actor, case):
    """The actor's unexpired emergency access to ``case`` in its unit, or None."""
    if not actor.is_authenticated or actor.organisation is None or case is None:
        return None
    if case.unit_id != actor.organisation.pk:
        return None
    return (
        case.emergency_accesses.filter(user_id=actor.user.pk, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


defectors_policy = DefectorsPolicy()
