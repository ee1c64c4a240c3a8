from __future__ import annotations

from django.db.models import F, QuerySet

from trygg.core.policies import ALLOW, Decision, Policy, deny
from trygg.core.roles import Role


def review_scope(actor) -> dict | None:
    """The log a log reviewer reviews, as filter arguments for events and sign-offs.

    A reviewer in a municipality reviews that municipality's events. A reviewer in a regional
    organisation, which belongs to no municipality (Södertörn's cooperation, where the regional
    analyst works), reviews the events of that organisation's members — stored with no
    municipality, they would otherwise be seen by nobody."""
    if not actor.is_authenticated or not actor.has_role(Role.LOGGGRANSKARE):
        return None
    if actor.municipality_id is not None:
        return {"municipality_id": actor.municipality_id}
    if actor.organisation is None:
        return None
    return {"municipality_id": None, "organisation_id": actor.organisation.pk}


class AuditPolicy(Policy):
    """The log reviewer reads their municipality's (or regional organisation's) log; nobody
    edits it."""

    name = "audit"

    def can_review(self, actor, obj=None) -> Decision:
        return ALLOW if actor.has_role(Role.LOGGGRANSKARE) else deny()

    def can_sign_off(self, actor, obj=None) -> Decision:
        """Sign off a review period of the reviewer's own log."""
        return ALLOW if review_scope(actor) is not None else deny()

    def visible(self, actor, queryset: QuerySet, *, narrowed: bool = False) -> QuerySet:
        """The events of the reviewer's municipality.

        ``narrowed``: the caller also filters on a selective indexed column (a case, a user,
        a date range). The municipality is then compared as ``municipality_id + 0``, which
        no index serves: SQLite keeps no statistics and would otherwise walk the
        municipality index, i.e. every event of the municipality, instead of the selective
        one. The rows are the same either way."""
        scope = review_scope(actor)
        if scope is None:
            return queryset.none()
        if "organisation_id" in scope:
            return queryset.filter(**scope)  # a regional log: few events, a partial index
        if narrowed:
            return queryset.alias(scope_municipality=F("municipality_id") + 0).filter(
                scope_municipality=actor.municipality_id
            )
        return queryset.filter(municipality_id=actor.municipality_id)


audit_policy = AuditPolicy()
