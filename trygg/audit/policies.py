from __future__ import annotations

from django.db.models import QuerySet

from trygg.accounts.constants import Role
from trygg.core.policies import ALLOW, Decision, Policy, deny


class AuditPolicy(Policy):
    """The log reviewer reads their municipality's log; nobody edits it."""

    name = "audit"

    def can_review(self, actor, obj=None) -> Decision:
        return ALLOW if actor.has_role(Role.LOGGGRANSKARE) else deny()

    def visible(self, actor, queryset: QuerySet) -> QuerySet:
        if not actor.is_authenticated or not actor.has_role(Role.LOGGGRANSKARE):
            return queryset.none()
        return queryset.filter(municipality_id=actor.municipality_id)


audit_policy = AuditPolicy()
