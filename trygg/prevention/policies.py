"""Who may do what in the prevention cycle.

The prevention coordinator (trygghetssamordnare) owns the municipality's indicators and their
values, and the register of places. Place reporters (EST) report incidents at places and see
their own reports. Contributors in committees and companies, and readers, come with the
lägesbild and the action plan. Another municipality sees nothing: every object is found
through the actor's municipality, and a foreign one is not found at all (404).
"""

from __future__ import annotations

from django.db.models import QuerySet

from trygg.core.policies import ALLOW, Decision, Policy, deny
from trygg.core.roles import Role


class PreventionPolicy(Policy):
    name = "prevention"

    def can_use(self, actor, obj=None) -> Decision:
        if actor.has_role(Role.TRYGGHETSSAMORDNARE) and actor.municipality_id:
            return ALLOW
        return deny()

    def can_manage_indicators(self, actor, obj=None) -> Decision:
        if not actor.has_role(Role.TRYGGHETSSAMORDNARE) or not actor.municipality_id:
            return deny()
        municipality_id = getattr(obj, "municipality_id", actor.municipality_id)
        return ALLOW if municipality_id == actor.municipality_id else deny()

    def can_report(self, actor, obj=None) -> Decision:
        """Place reports (EST): the trained reporters, and the coordinator."""
        if actor.has_role(Role.EST_RAPPORTOR, Role.TRYGGHETSSAMORDNARE) and actor.municipality_id:
            return ALLOW
        return deny()

    def visible_reports(self, actor, queryset: QuerySet) -> QuerySet:
        """A reporter sees their own reports; the coordinator the municipality's."""
        if not self.can_report(actor):
            return queryset.none()
        queryset = queryset.filter(municipality_id=actor.municipality_id)
        if actor.has_role(Role.TRYGGHETSSAMORDNARE):
            return queryset
        return queryset.filter(reported_by_id=actor.user.pk)

    def visible(self, actor, queryset: QuerySet) -> QuerySet:
        if not self.can_use(actor):
            return queryset.none()
        return queryset.filter(municipality_id=actor.municipality_id)


prevention_policy = PreventionPolicy()
