from __future__ import annotations

from django.db.models import QuerySet

from trygg.core.policies import ALLOW, Decision, Policy, deny
from trygg.core.roles import Role


class OrganisationsPolicy(Policy):
    """Organisations and districts of a municipality are managed by its system administrator."""

    name = "organisations"

    def can_manage(self, actor, obj=None) -> Decision:
        if not actor.has_role(Role.SYSTEMADMINISTRATOR):
            return deny()
        municipality_id = getattr(obj, "municipality_id", actor.municipality_id)
        if municipality_id != actor.municipality_id:
            return deny()
        return ALLOW

    def can_host(self, actor, obj=None) -> Decision:
        """The hosting administrator: the installation's municipalities, never inside one.

        Held in an organisation outside every municipality, so every municipal policy, which
        compares municipalities, already denies them the rest."""
        if not actor.has_role(Role.DRIFTADMINISTRATOR) or actor.municipality_id is not None:
            return deny()
        return ALLOW

    def visible(self, actor, queryset: QuerySet) -> QuerySet:
        if not actor.is_authenticated or not actor.has_role(Role.SYSTEMADMINISTRATOR):
            return queryset.none()
        return queryset.filter(municipality_id=actor.municipality_id)


organisations_policy = OrganisationsPolicy()
