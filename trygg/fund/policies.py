"""Who may do what in the safety fund.

Applicants (sökande) see and edit their own organisation's applications. Coordinators
(samordnare) run the fund of their municipality and see every submitted application;
drafts stay with the applicant. Reviewers (granskare) see only applications assigned to
them, and only after declaring that they have no conflict of interest (jäv). Nobody
outside the municipality sees anything but the public list of granted measures.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.policies import ALLOW, Decision, Policy, deny
from trygg.core.roles import Role
from trygg.fund.constants import LOCKED_FOR_APPLICANT, ApplicationStatus


class FundPolicy(Policy):
    name = "fund"

    # --- pages -------------------------------------------------------------------------
    def can_use_fund(self, actor, obj=None) -> Decision:
        if actor.has_role(Role.SOKANDE, Role.SAMORDNARE, Role.GRANSKARE):
            return ALLOW
        return deny()

    def can_view_region(self, actor, obj=None) -> Decision:
        """The funds of the municipalities an analyst covers, side by side: budgets and sums,
        no application (fund.regional)."""
        return ALLOW if actor.has_role(Role.ANALYTIKER) and actor.organisation else deny()

    def can_administer(self, actor, obj=None) -> Decision:
        """Fund years, calls, formal checks, assignments, decisions, payments."""
        if not actor.has_role(Role.SAMORDNARE):
            return deny()
        municipality_id = getattr(obj, "municipality_id", actor.municipality_id)
        return ALLOW if municipality_id == actor.municipality_id else deny()

    def can_maintain_delegation(self, actor, obj=None) -> Decision:
        """The delegation list and the letters' appeal text are kept by the municipality's
        system administrator, not by the coordinators who decide under them: a delegate
        cannot raise their own limit."""
        if not actor.has_role(Role.SYSTEMADMINISTRATOR) or actor.municipality_id is None:
            return deny()
        municipality_id = getattr(obj, "municipality_id", actor.municipality_id)
        return ALLOW if municipality_id == actor.municipality_id else deny()

    def can_view_delegation(self, actor, obj=None) -> Decision:
        if self.can_maintain_delegation(actor, obj) or self.can_administer(actor, obj):
            return ALLOW
        return deny()

    # --- applicants --------------------------------------------------------------------
    def can_apply(self, actor, call=None) -> Decision:
        if not actor.has_role(Role.SOKANDE):
            return deny()
        if call is None:
            return ALLOW
        if not call.eligible_organisations.filter(pk=actor.organisation.pk).exists():
            return deny(_("Your organisation cannot apply in this call."))
        return ALLOW

    def can_edit(self, actor, application) -> Decision:
        if not actor.has_role(Role.SOKANDE) or application.applicant_id != actor.organisation.pk:
            return deny()
        if application.status in LOCKED_FOR_APPLICANT:
            return deny(_("The application has been submitted and can no longer be changed."))
        return ALLOW

    # --- reviewers ---------------------------------------------------------------------
    def can_review(self, actor, assignment) -> Decision:
        if not actor.has_role(Role.GRANSKARE) or assignment.reviewer_id != actor.user.pk:
            return deny()
        if assignment.has_conflict:
            return deny(_("You have declared a conflict of interest for this application."))
        if assignment.has_conflict is None:
            return deny(_("Declare whether you have a conflict of interest first."))
        if assignment.application.status != ApplicationStatus.IN_REVIEW:
            return deny(_("The application is not under review."))
        return ALLOW

    # --- visibility ----------------------------------------------------------------------
    def visible(self, actor, queryset: QuerySet) -> QuerySet:
        """Applications the actor may open. The same filter serves lists and detail pages."""
        if not actor.is_authenticated or actor.membership is None:
            return queryset.none()
        if actor.has_role(Role.SOKANDE):
            return queryset.filter(applicant_id=actor.organisation.pk)
        if actor.has_role(Role.SAMORDNARE):
            return queryset.filter(municipality_id=actor.municipality_id).exclude(
                status=ApplicationStatus.DRAFT
            )
        if actor.has_role(Role.GRANSKARE):
            from trygg.fund.models import ReviewAssignment

            # Only after declaring no conflict of interest (jäv): before that a reviewer sees
            # the title and applicant on the declaration page, and nothing through any list,
            # page, export or API.
            declared = ReviewAssignment.objects.filter(
                reviewer_id=actor.user.pk, has_conflict=False
            )
            return queryset.filter(
                municipality_id=actor.municipality_id,
                pk__in=declared.values("application_id"),
            )
        return queryset.none()

    def visible_calls(self, actor, queryset: QuerySet) -> QuerySet:
        if not actor.is_authenticated or actor.membership is None:
            return queryset.none()
        if actor.has_role(Role.SAMORDNARE, Role.GRANSKARE):
            return queryset.filter(fund_year__municipality_id=actor.municipality_id)
        if actor.has_role(Role.SOKANDE):
            return queryset.filter(eligible_organisations=actor.organisation.pk)
        return queryset.none()


def open_calls(queryset: QuerySet) -> QuerySet:
    now = timezone.now()
    return queryset.filter(Q(opens_at__lte=now) & Q(closes_at__gt=now))


fund_policy = FundPolicy()
