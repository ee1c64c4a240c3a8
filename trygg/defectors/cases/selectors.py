"""Reads in the defector programme. Every read of a case is filtered by the policy and audited."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, QueryDict

from trygg.accounts.models import User
from trygg.audit.services import record, record_refusal
from trygg.core.keyset import KeysetPage, keyset_page
from trygg.core.roles import Role
from trygg.defectors.constants import CASES_PER_PAGE, CaseStatus
from trygg.defectors.models import Case, CaseTeamMember, DuplicateMatch
from trygg.defectors.policies import (
    active_emergency_access,
    defectors_policy,
    emergency_annotation,
    is_team_member,
    remember_team_member,
    team_member_annotation,
)

# A match at intake that waits for the unit manager (``cases.duplicates``), per case.
_pending_check = DuplicateMatch.objects.filter(case_id=OuterRef("pk"), decided_at__isnull=True)


def _visible_cases(*, actor) -> QuerySet[Case]:
    return defectors_policy.visible(actor, Case.objects.all())


# The list's order, newest first; the id makes every case's place its own (keyset paging).
CASE_LIST_ORDER = ("-opened_at", "-id")


def case_list(
    *,
    actor,
    params: QueryDict | None = None,
    status: str = "",
    waiting_for_team: bool = False,
) -> KeysetPage:
    """One page (at most 50) of the cases the actor may see, newest first; only those at
    ``status`` when given (a CaseStatus value), only open intakes whose team the unit manager
    has not decided yet with ``waiting_for_team``. ``params`` (the request's query string)
    says which page: keyset paging (``trygg.core.keyset``), so the last page of twenty
    thousand cases costs what the first does and nothing counts the whole list.

    ``on_team`` says whether the actor may open the case (the unit manager sees the unit's
    list but opens only cases they are on). One ``defectors.case.list`` event records which
    case ids were shown.
    """
    cases = (
        _visible_cases(actor=actor)
        .select_related("person", "unit", "municipality")
        # Only what the list shows: the other columns (encrypted ones among them) are
        # neither read nor decrypted, fifty rows a page.
        .only(
            "id",
            "reference",
            "status",
            "outcome",
            "opened_at",
            "team_decided_at",
            "person__id",
            "person__given_name",
            "person__family_name",
            "person__reserve_id",
            "person__protection",
            "unit__id",
            "unit__name",
            "municipality__id",
            "municipality__name",
        )
        .annotate(
            on_team=Exists(
                CaseTeamMember.objects.filter(case_id=OuterRef("pk"), user_id=actor.user.pk)
            )
        )
    )
    if actor.has_role(Role.ENHETSCHEF):
        # Only the unit manager learns of a match (see ``cases.duplicates``).
        cases = cases.annotate(check_pending=Exists(_pending_check))
    if status:
        cases = cases.filter(status=status)
    waiting_for_team = waiting_for_team and actor.has_role(Role.ENHETSCHEF)
    if waiting_for_team:
        cases = waiting_for_team_of(cases)
    shown = keyset_page(
        cases, ordering=CASE_LIST_ORDER, size=CASES_PER_PAGE, params=params or QueryDict()
    )
    payload = {"cases": [case.pk for case in shown.object_list]}
    if status:
        payload["status"] = status
    if waiting_for_team:
        payload["waiting_for_team"] = True
    record(
        action="defectors.case.list",
        actor=actor,
        payload=payload,
        also=(Case._meta.label_lower, payload["cases"]),
    )
    return shown


def waiting_for_team_of(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Open cases whose team the unit manager has not decided yet, or whose person's identity
    number matched an earlier case and waits for the manager's decision."""
    return cases.filter(Q(team_decided_at__isnull=True) | Exists(_pending_check)).exclude(
        status=CaseStatus.AVSLUTAT
    )


def case_for_team(*, actor, case_id: int) -> Case:
    """The case for the unit manager's team page: a case of the manager's unit, never its
    person. 404 for anyone else (recorded as a probe). Audited as ``defectors.team.view``."""
    case = _visible_cases(actor=actor).select_related("unit").filter(pk=case_id).first()
    if case is None or not defectors_policy.can(actor, "assign", case):
        _record_probe(actor=actor, case_id=case_id)
        raise Http404
    record(action="defectors.team.view", actor=actor, target=case)
    return case


def case_find(*, actor, case_id: int) -> Case:
    """The case if the actor may open it: on the team, or holding an emergency access.

    404 for anything else, and every refused attempt is recorded for the log review
    (``_record_probe``): a case in the actor's list that they may not open (the unit manager,
    not on the team), a case of a colleague's team, another municipality's case, or an id
    that does not exist.
    The returned case carries ``emergency_access``: the access it was opened by, or None.
    Nothing is audited here: the caller records what it shows (``case_get`` or
    ``services.record_case_event``).
    """
    # The case with the two facts the policy asks (on the team, holding an emergency
    # access), then the policy's answer in Python (``visible_case``): building the
    # policy's querysets for one id cost more than running them.
    case = (
        Case.objects.filter(pk=case_id)
        .select_related("person", "unit", "intake")
        .annotate(
            actor_on_team=team_member_annotation(actor),
            actor_emergency=emergency_annotation(actor),
        )
        .first()
    )
    if case is not None:
        remember_team_member(actor, case, case.actor_on_team)
    if case is None or not defectors_policy.visible_case(actor, case):
        _record_probe(actor=actor, case_id=case_id)
        raise Http404
    if not defectors_policy.can(actor, "open", case):
        record_refusal(actor=actor, policy=defectors_policy, action="open", obj=case)
        raise Http404
    # A team member opens the case as the team; only someone off the team by emergency access.
    on_team = is_team_member(actor, case)
    case.emergency_access = None if on_team else active_emergency_access(actor, case)
    return case


def _record_probe(*, actor, case_id: int) -> None:
    """A refused attempt at a case outside the actor's reach: one refusal event targeting the
    case id, in the log of the municipality that holds the case (whose reviewer must see
    attempts at its cases) and, when that is another, in the actor's own municipality too.
    The user still gets a plain 404: the event is for the log review only."""
    owner = Case.objects.filter(pk=case_id).values_list("municipality_id", flat=True).first()
    municipalities = {owner or actor.municipality_id, actor.municipality_id} - {None}
    for municipality_id in sorted(municipalities):
        record(
            action="core.permission.deny",
            actor=actor,
            target_type=Case._meta.label_lower,
            target_id=case_id,
            municipality_id=municipality_id,
            payload={"policy": defectors_policy.name, "action": "open", "view": ""},
        )


def case_get(*, actor, case_id: int, action: str = "defectors.case.view", **payload) -> Case:
    """``case_find`` and one audit event of the view (``defectors.case.view`` by default;
    a section page passes its own action, e.g. ``defectors.journal.list``)."""
    from trygg.defectors.cases.services import record_case_event

    case = case_find(actor=actor, case_id=case_id)
    record_case_event(actor=actor, case=case, action=action, **payload)
    return case


def person_reveal(*, actor, case: Case) -> None:
    """A team member chose to show a protected identity: allowed for the team, audited."""
    defectors_policy.require(actor, "reveal", case)
    from trygg.defectors.cases.services import record_case_event

    record_case_event(
        actor=actor, case=case, action="defectors.person.reveal", person=case.person.pk
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


# --- For the log review (a layer above): case references only, never a person ----------


def case_id_by_reference(*, municipality_id: int, reference: str) -> int | None:
    """The id of the municipality's case with this (normalised) reference, or None."""
    return (
        Case.objects.filter(municipality_id=municipality_id, reference=reference)
        .values_list("pk", flat=True)
        .first()
    )


def case_references_by_id(*, municipality_id: int, case_ids: list[int]) -> dict[int, str]:
    """{case id: reference} of the municipality's cases among ``case_ids``, in one query.
    A case deleted by retention is simply missing."""
    rows = Case.objects.filter(municipality_id=municipality_id, pk__in=case_ids)
    return dict(rows.values_list("pk", "reference"))


def case_reference_by_id(*, municipality_id: int, case_id) -> Subquery:
    """The reference of the municipality's case whose id is the expression ``case_id`` (an
    ``OuterRef``), as a subquery to annotate rows with: a list of events then reads its
    case references in its own query. NULL for a deleted case (retention)."""
    cases = Case.objects.filter(municipality_id=municipality_id, pk=case_id)
    return Subquery(cases.values("reference")[:1])


def home_municipalities(*, actor):
    """For a joint unit: the municipalities whose people it takes today (its own first by
    name order); None for a unit that serves only its own municipality."""
    from trygg.defectors.policies import served_by_unit
    from trygg.organisations.models import Organisation

    served = served_by_unit(actor)
    if len(served) < 2:
        return None
    return Organisation.objects.filter(pk__in=served).order_by("name")
