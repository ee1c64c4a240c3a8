"""Who may do what in the prevention cycle.

The prevention coordinator (trygghetssamordnare) owns the municipality's indicators and their
values, and the register of places. Place reporters (EST) report incidents at places and see
their own reports. Contributors in committees and companies, and readers, come with the
lägesbild and the action plan: a prevention contact (trygghetskontakt) in a committee or a
company follows up the measures their organisation is responsible for; a prevention reader
(trygghetslasare), an official of the council or a committee, reads the lägesbild and the
plan. Another municipality sees nothing: every object is found
through the actor's municipality, and a foreign one is not found at all (404).
"""

from __future__ import annotations

from django.db.models import QuerySet

from trygg.core.policies import ALLOW, Decision, Policy, deny
from trygg.core.roles import Role

PLAN_ROLES = (Role.TRYGGHETSSAMORDNARE, Role.TRYGGHETSLASARE, Role.TRYGGHETSKONTAKT)


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

    def can_enter_values(self, actor, indicator=None) -> Decision:
        """An indicator's values: the coordinator, or a prevention contact of the organisation
        that reports it (``Indicator.reported_by``)."""
        if not actor.municipality_id:
            return deny()
        municipality_id = getattr(indicator, "municipality_id", actor.municipality_id)
        if municipality_id != actor.municipality_id:
            return deny()
        if actor.has_role(Role.TRYGGHETSSAMORDNARE):
            return ALLOW
        if not actor.has_role(Role.TRYGGHETSKONTAKT):
            return deny()
        if indicator is None or indicator.reported_by_id == actor.organisation.pk:
            return ALLOW
        return deny()

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

    def can_read_plan(self, actor, obj=None) -> Decision:
        """The lägesbild and the action plan: the coordinator, the readers and the contacts."""
        if not actor.municipality_id or not actor.has_role(*PLAN_ROLES):
            return deny()
        municipality_id = getattr(obj, "municipality_id", actor.municipality_id)
        return ALLOW if municipality_id == actor.municipality_id else deny()

    def can_report_plan(self, actor, obj=None) -> Decision:
        """The annual report covers every measure: the coordinator and the readers."""
        if not actor.has_role(Role.TRYGGHETSSAMORDNARE, Role.TRYGGHETSLASARE):
            return deny()
        return self.can_read_plan(actor, obj)

    def can_follow_up(self, actor, measure=None) -> Decision:
        """A measure's follow-up: the coordinator, or a contact of the responsible organisation."""
        if not actor.municipality_id:
            return deny()
        if actor.has_role(Role.TRYGGHETSSAMORDNARE):
            return ALLOW
        if not actor.has_role(Role.TRYGGHETSKONTAKT):
            return deny()
        if measure is None or measure.organisation_id == actor.organisation.pk:
            return ALLOW
        return deny()

    def measure_scope(self, actor) -> str | None:
        """Which measures the actor sees, as a name: ``"all"`` of the municipality (the
        coordinator and the readers), ``"organisation:<id>"`` (a contact: their own
        organisation's), or None (none). Stored views of measures are kept per scope."""
        if not self.can_read_plan(actor):
            return None
        if actor.has_role(Role.TRYGGHETSKONTAKT):
            return f"organisation:{actor.organisation.pk}"
        return "all"

    def visible_measures(self, actor, queryset: QuerySet, *, scope: str | None = "") -> QuerySet:
        """The measures of the actor's ``measure_scope`` in their municipality (``scope``:
        that scope when the caller has asked for it already)."""
        scope = self.measure_scope(actor) if scope == "" else scope
        if scope is None:
            return queryset.none()
        queryset = queryset.filter(plan__municipality_id=actor.municipality_id)
        if scope != "all":
            return queryset.filter(organisation_id=actor.organisation.pk)
        return queryset

    def visible_plans(self, actor, queryset: QuerySet) -> QuerySet:
        if not self.can_read_plan(actor):
            return queryset.none()
        return queryset.filter(municipality_id=actor.municipality_id)

    def visible(self, actor, queryset: QuerySet) -> QuerySet:
        if not self.can_use(actor):
            return queryset.none()
        return queryset.filter(municipality_id=actor.municipality_id)


prevention_policy = PreventionPolicy()
