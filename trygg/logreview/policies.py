from __future__ import annotations

from django.db.models import F, QuerySet

from trygg.core.policies import ALLOW, Decision, Policy, deny
from trygg.core.roles import Role


class AuditPolicy(Policy):
    """The log reviewer reads their municipality's log; nobody edits it."""

    name = "audit"

    def can_review(self, actor, obj=None) -> Decision:
        return ALLOW if actor.has_role(Role.LOGGGRANSKARE) else deny()

    def can_sign_off(self, actor, obj=None) -> Decision:
        """Sign off a review period of the reviewer's own municipality."""
        if actor.has_role(Role.LOGGGRANSKARE) and actor.municipality_id is not None:
            return ALLOW
        return deny()

    def visible(self, actor, queryset: QuerySet, *, narrowed: bool = False) -> QuerySet:
        """The events of the reviewer's municipality.

        ``narrowed``: the caller also filters on a selective indexed column (a case, a user,
        a date range). The municipality is then compared as ``municipality_id + 0``, which
        no index serves: SQLite keeps no statistics and would otherwise walk the
        municipality index, i.e. every event of the municipality, instead of the selective
        one. The rows are the same either way."""
        if not actor.is_authenticated or not actor.has_role(Role.LOGGGRANSKARE):
            return queryset.none()
        if narrowed:
            return queryset.alias(scope_municipality=F("municipality_id") + 0).filter(
                scope_municipality=actor.municipality_id
            )
        return queryset.filter(municipality_id=actor.municipality_id)


audit_policy = AuditPolicy()
