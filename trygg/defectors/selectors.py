"""Reads in the defector programme. Every read of a case is filtered by the policy and audited."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from trygg.accounts.constants import Role
from trygg.accounts.models import User
from trygg.audit.services import record, record_refusal
from trygg.defectors.constants import CASES_PER_PAGE
from trygg.defectors.models import Case, CaseTeamMember
from trygg.defectors.policies import defectors_policy


def _visible_cases(*, actor) -> QuerySet[Case]:
    return defectors_policy.visible(actor, Case.objects.all())


def case_list(*, actor, page: int | str | None = 1) -> Page:
    """One page (at most 50) of the cases the actor may see, newest first.

    ``on_team`` says whether the actor may open the case (the unit manager sees the unit's
    list but opens only cases they are on). One ``defectors.case.list`` event records which
    case ids were shown.
    """
    cases = (
        _visible_cases(actor=actor)
        .select_related("person", "unit")
        .annotate(
            on_team=Exists(
                CaseTeamMember.objects.filter(case_id=OuterRef("pk"), user_id=actor.user.pk)
            )
        )
        .order_by("-opened_at", "-id")
    )
    shown = Paginator(cases, CASES_PER_PAGE).get_page(page)
    record(
        action="defectors.case.list",
        actor=actor,
        payload={"page": shown.number, "cases": [case.pk for case in shown.object_list]},
    )
    return shown


def case_get(*, actor, case_id: int) -> Case:
    """The case if the actor may open it (visible and on the team); 404 otherwise.

    A case in the actor's list that they may not open (the unit manager, not on the team)
    is refused as a 404 too, and the attempt is recorded for the log review.
    """
    case = (
        _visible_cases(actor=actor)
        .select_related("person", "unit", "intake")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    if not defectors_policy.can(actor, "open", case):
        record_refusal(actor=actor, policy=defectors_policy, action="open", obj=case)
        raise Http404
    record(action="defectors.case.view", actor=actor, target=case)
    return case


def person_reveal(*, actor, case: Case) -> None:
    """A team member chose to show a protected identity: allowed for the team, audited."""
    defectors_policy.require(actor, "reveal", case)
    record(
        action="defectors.person.reveal",
        actor=actor,
        target=case.person,
        payload={"case": case.pk},
    )


def team_of(*, case: Case) -> list[User]:
    return [m.user for m in case.team.select_related("user").order_by("user__full_name")]


def team_candidates(*, case: Case) -> QuerySet[User]:
    """Case officers of the case's unit who are not on the team yet."""
    return (
        User.objects.filter(
            memberships__organisation_id=case.unit_id,
            memberships__role=Role.HANDLAGGARE,
            is_active=True,
        )
        .exclude(defector_teams__case=case)
        .distinct()
        .order_by("full_name")
    )
