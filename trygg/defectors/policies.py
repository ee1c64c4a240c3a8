"""Who may do what in the defector programme: need to know, default deny.

Only the case team opens a case. The unit manager (enhetschef) sees the unit's case list,
masked, and assigns case officers, but opens a case only when on its team. Other case
officers of the same unit see nothing of a case they are not on. Nobody outside the
municipality, no system administrator, log reviewer, analyst or fund user sees anything.
"""

from __future__ import annotations

from django.db.models import QuerySet

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
        """Only the case team; the unit manager too only when on the team."""
        if not _in_unit(actor) or case is None or case.municipality_id != actor.municipality_id:
            return deny()
        if not case.team.filter(user_id=actor.user.pk).exists():
            return deny()
        return ALLOW

    def can_reveal(self, actor, case) -> Decision:
        return self.can_open(actor, case)

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


defectors_policy = DefectorsPolicy()
