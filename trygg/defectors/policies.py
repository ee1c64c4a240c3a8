"""Who may do what in the defector programme: need to know, default deny.

Only the case team opens a case. The unit manager (enhetschef) sees the unit's case list,
masked, and assigns case officers, but opens a case only when on its team. Other case
officers of the same unit see nothing of a case they are not on. Nobody outside the
municipality, no system administrator, log reviewer, analyst or fund user sees anything.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from trygg.core.policies import ALLOW, Decision, Policy, deny
from trygg.core.roles import Role

CASE_ROLES = (Role.HANDLAGGARE, Role.ENHETSCHEF)


def _in_unit(actor) -> bool:
    return actor.has_role(*CASE_ROLES) and actor.organisation is not None


def served_by_unit(actor) -> set[int]:
    """The municipalities whose cases the actor's unit may hold today: its own, and those it
    serves by a joint agreement (organisations.JointService). Asked once per actor."""
    from trygg.organisations.selectors import served_municipality_ids

    cache = actor.__dict__.setdefault("_served_cache", {})
    if "ids" not in cache:
        unit_id = actor.organisation.pk if actor.organisation is not None else None
        cache["ids"] = {actor.municipality_id} | served_municipality_ids(
            unit_id=unit_id, on=timezone.localdate()
        )
    return cache["ids"]


def _reaches(actor, case) -> bool:
    """The case is of the actor's municipality, or held by the actor's own unit for a
    municipality it serves by an agreement in force (a joint unit). Team membership is
    asked separately: this is only the line between municipalities."""
    if case.municipality_id == actor.municipality_id:
        return True
    return (
        actor.organisation is not None
        and case.unit_id == actor.organisation.pk
        and case.municipality_id in served_by_unit(actor)
    )


def _reachable_cases(actor, queryset: QuerySet) -> QuerySet:
    """The queryset side of ``_reaches``; the joint agreements in force are a subquery of the
    same query (no query of their own on every case page)."""
    from django.db.models import Q

    from trygg.organisations.selectors import served_municipalities

    condition = Q(municipality_id=actor.municipality_id)
    if actor.organisation is not None:
        served = served_municipalities(unit_id=actor.organisation.pk, on=timezone.localdate())
        condition |= Q(unit_id=actor.organisation.pk, municipality_id__in=served)
    return queryset.filter(condition)


class DefectorsPolicy(Policy):
    name = "defectors"

    def can_use(self, actor, obj=None) -> Decision:
        return ALLOW if _in_unit(actor) else deny()

    def can_create_intake(self, actor, obj=None) -> Decision:
        """The case goes to the actor's unit and the actor joins its team."""
        return ALLOW if _in_unit(actor) else deny()

    def can_open(self, actor, case) -> Decision:
        """The case team, or a unit colleague during a granted emergency access.

        The unit manager too opens a case only when on the team (or by emergency access)."""
        if not _in_unit(actor) or case is None or not _reaches(actor, case):
            return deny()
        if is_team_member(actor, case):
            return ALLOW
        if active_emergency_access(actor, case) is not None:
            return ALLOW
        return deny()

    def can_reveal(self, actor, case) -> Decision:
        return self.can_open(actor, case)

    def can_edit(self, actor, case) -> Decision:
        """Write in the case file (journal, mapping, consents, plan, status...): the case
        team, while the case is open. A closed case is read-only until reopened; emergency
        access is read-only too, apart from the holder's note (``can_note_emergency``)."""
        from trygg.defectors.constants import CaseStatus

        if case is not None and case.status == CaseStatus.AVSLUTAT:
            return deny()
        return ALLOW if _on_team(actor, case) else deny()

    def can_note_emergency(self, actor, case) -> Decision:
        """The holder of an unexpired emergency access writes what they did and why."""
        if not _in_unit(actor) or case is None or not _reaches(actor, case):
            return deny()
        if is_team_member(actor, case) or active_emergency_access(actor, case) is None:
            return deny()
        return ALLOW

    def can_request_emergency_access(self, actor, case) -> Decision:
        """A case officer or unit manager of the case's own unit, not on the team."""
        if not _in_unit(actor) or case is None:
            return deny()
        if case.unit_id != actor.organisation.pk or not _reaches(actor, case):
            return deny()
        if is_team_member(actor, case):
            return deny()
        return ALLOW

    def can_assign(self, actor, case) -> Decision:
        if not actor.has_role(Role.ENHETSCHEF) or actor.organisation is None or case is None:
            return deny()
        if case.unit_id != actor.organisation.pk or not _reaches(actor, case):
            return deny()
        return ALLOW

    def visible(self, actor, queryset: QuerySet) -> QuerySet:
        """Cases the actor may see in a list. Opening one also needs ``can_open``."""
        if not actor.is_authenticated or not _in_unit(actor):
            return queryset.none()
        queryset = _reachable_cases(actor, queryset)
        if actor.has_role(Role.ENHETSCHEF):
            return queryset.filter(unit_id=actor.organisation.pk)
        # A join on the team (one row per case: a user is on a team once), not ``pk IN
        # (team)``: SQLite then reads the actor's few team rows first and the cases by id,
        # where with ``IN`` it walked every case of the municipality (20 000: 19 ms → 0.2 ms).
        return queryset.filter(team__user_id=actor.user.pk)

    def visible_by_emergency(self, actor, queryset: QuerySet) -> QuerySet:
        """Cases of the actor's unit they hold an unexpired emergency access to."""
        if not actor.is_authenticated or not _in_unit(actor):
            return queryset.none()
        from trygg.defectors.models import EmergencyAccess

        return _reachable_cases(actor, queryset).filter(
            unit_id=actor.organisation.pk,
            pk__in=EmergencyAccess.objects.filter(
                user_id=actor.user.pk, expires_at__gt=timezone.now()
            ).values("case_id"),
        )

    def visible_case(self, actor, case) -> bool:
        """For one case already loaded: whether ``visible`` or ``visible_by_emergency`` holds
        it, answered in Python without building either query (building them cost a case page
        more than running them). ``case`` carries ``actor_emergency`` (``emergency_annotation``)
        and its team membership remembered (``team_member_annotation``). A test holds the
        two answers equal for every demo user and case."""
        if not actor.is_authenticated or not _in_unit(actor) or not _reaches(actor, case):
            return False
        own_unit = case.unit_id == actor.organisation.pk
        # The unit manager's list is the unit's; a case officer's the cases they are on.
        manager = actor.has_role(Role.ENHETSCHEF)
        listed = own_unit if manager else is_team_member(actor, case)
        return listed or (own_unit and bool(case.actor_emergency))

    def can_close(self, actor, case) -> Decision:
        """Closing is the case team's decision: not by emergency access, not a closed case."""
        from trygg.defectors.constants import CaseStatus

        if case is None or case.status == CaseStatus.AVSLUTAT:
            return deny()
        if not _in_unit(actor) or not is_team_member(actor, case):
            return deny()
        return self.can_open(actor, case)

    def can_reopen(self, actor, case) -> Decision:
        """A closed case is reopened by its team or by the unit manager of its unit."""
        from trygg.defectors.constants import CaseStatus

        if case is None or case.status != CaseStatus.AVSLUTAT or not _in_unit(actor):
            return deny()
        if not _reaches(actor, case):
            return deny()
        if is_team_member(actor, case):
            return ALLOW
        return self.can_assign(actor, case)

    def can_see_emergency_accesses(self, actor, case) -> Decision:
        """Who opened the case by emergency access, and why: for the case team (the log
        reviewer sees it in the log review), not for the colleague holding the access."""
        if not _in_unit(actor) or case is None:
            return deny()
        if not is_team_member(actor, case):
            return deny()
        return self.can_open(actor, case)

    def can_extract(self, actor, case) -> Decision:
        """The register extract (GDPR art. 15) of the case's person: the case team only.

        Never by emergency access: the extract holds all the person's cases, far more
        than an emergency needs."""
        return ALLOW if _on_team(actor, case) else deny()

    def can_legal_hold(self, actor, case) -> Decision:
        """Set or clear a legal hold (stops retention): the case team, also on a closed
        case. The unit manager does it when on the team."""
        return ALLOW if _on_team(actor, case) else deny()

    def can_follow_emergency_accesses(self, actor, obj=None) -> Decision:
        """Who in the unit opened which case by emergency access, and when (not why: the
        reason and the note are for the team and the log reviewer): the unit manager."""
        if actor.has_role(Role.ENHETSCHEF) and actor.organisation is not None:
            return ALLOW
        return deny()

    def can_view_retention(self, actor, obj=None) -> Decision:
        """The unit's retention overview (references and dates, no names): unit manager."""
        if actor.has_role(Role.ENHETSCHEF) and actor.organisation is not None:
            return ALLOW
        return deny()

    def can_view_statistics(self, actor, obj=None) -> Decision:
        """Aggregates with small numbers suppressed, never a case: the unit manager (their
        unit) and the analyst (the municipalities they cover)."""
        if actor.has_role(Role.ENHETSCHEF, Role.ANALYTIKER) and actor.organisation is not None:
            return ALLOW
        return deny()

    # --- Transfers between municipalities (defectors.transfers) ---------------------------

    def can_propose_transfer(self, actor, case) -> Decision:
        """The case team proposes moving an open case to another municipality."""
        return self.can_edit(actor, case)

    def can_receive_transfers(self, actor, obj=None) -> Decision:
        """The list of cases proposed to the actor's municipality: its unit managers."""
        if actor.has_role(Role.ENHETSCHEF) and actor.organisation is not None:
            return ALLOW
        return deny()

    def can_decide_transfer(self, actor, transfer) -> Decision:
        """Accept or decline: a unit manager of the receiving municipality, while proposed."""
        from trygg.defectors.constants import TransferStatus

        if not self.can_receive_transfers(actor) or transfer is None:
            return deny()
        if transfer.to_municipality_id != actor.municipality_id:
            return deny()
        if transfer.status != TransferStatus.PROPOSED:
            return deny()
        return ALLOW

    def can_read_handed_over(self, actor, obj=None) -> Decision:
        """The sending team's own entries of a case it handed over, for the configured
        period after acceptance (``handed_over_visible`` says which)."""
        return ALLOW if _in_unit(actor) else deny()

    def handed_over_visible(self, actor, queryset: QuerySet) -> QuerySet:
        from trygg.defectors.constants import TransferStatus

        if not actor.is_authenticated or not _in_unit(actor):
            return queryset.none()
        return queryset.filter(
            status=TransferStatus.ACCEPTED,
            from_municipality_id=actor.municipality_id,
            read_until__gte=timezone.localdate(),
            readers=actor.user.pk,
        )

    def incoming_visible(self, actor, queryset: QuerySet) -> QuerySet:
        if not actor.is_authenticated or not self.can_receive_transfers(actor):
            return queryset.none()
        return queryset.filter(to_municipality_id=actor.municipality_id)

    # --- Referrals to partner agencies (defectors.referrals) ------------------------------

    def can_use_partner_inbox(self, actor, obj=None) -> Decision:
        """A partner agency's contact: the referrals sent to their agency."""
        return ALLOW if _is_partner(actor) else deny()

    def partner_referrals_visible(self, actor, queryset: QuerySet) -> QuerySet:
        if not actor.is_authenticated or not _is_partner(actor):
            return queryset.none()
        return queryset.filter(partner_id=actor.organisation.pk)

    def can_answer_referral(self, actor, referral) -> Decision:
        from trygg.defectors.constants import ReferralStatus

        if not _is_partner(actor) or referral is None:
            return deny()
        if referral.partner_id != actor.organisation.pk:
            return deny()
        if referral.status not in (ReferralStatus.SENT, ReferralStatus.NEEDS_MORE):
            return deny()
        return ALLOW

    def can_read_package(self, actor, referral) -> Decision:
        """The package of a referral: the case team, or the agency it was sent to; only while
        the consent it was sent under is valid (a withdrawal stops all further sharing)."""
        from django.utils.translation import gettext as _

        if referral is None:
            return deny()
        is_recipient = _is_partner(actor) and referral.partner_id == actor.organisation.pk
        if not is_recipient and not _on_team(actor, referral.case):
            return deny()
        if not referral.sharing_allowed_on(timezone.localdate()):
            return deny(
                _(
                    "The consent this referral was sent under is no longer valid: nothing more "
                    "may be shared."
                )
            )
        return ALLOW

    # --- Joint units (defectors.joint) ------------------------------------------------

    def can_take_over_cases(self, actor, obj=None) -> Decision:
        """A unit manager takes over the municipality's cases left in a unit that no longer
        serves it; and follows the costs per municipality of their own unit."""
        return self.can_receive_transfers(actor)

    # --- Handovers and referrals into the unit (defectors.inbound) ------------------------

    def can_submit_inbound(self, actor, obj=None) -> Decision:
        """A partner agency's contact hands a person over to the municipality's unit."""
        return ALLOW if _is_partner(actor) else deny()

    def can_receive_inbound(self, actor, obj=None) -> Decision:
        return self.can_receive_transfers(actor)

    def inbound_visible(self, actor, queryset: QuerySet) -> QuerySet:
        """The unit manager: what waits for the municipality. A partner contact: what their
        agency handed over."""
        if not actor.is_authenticated:
            return queryset.none()
        if _is_partner(actor):
            return queryset.filter(partner_id=actor.organisation.pk)
        if self.can_receive_transfers(actor):
            return queryset.filter(municipality_id=actor.municipality_id)
        return queryset.none()

    def can_decide_inbound(self, actor, inbound) -> Decision:
        from trygg.defectors.constants import InboundStatus

        if not self.can_receive_transfers(actor) or inbound is None:
            return deny()
        if inbound.municipality_id != actor.municipality_id:
            return deny()
        return ALLOW if inbound.status == InboundStatus.WAITING else deny()


def _is_partner(actor) -> bool:
    return (
        actor.has_role(Role.PARTNERKONTAKT)
        and actor.organisation is not None
        and actor.organisation.kind == "partner"
    )


def _on_team(actor, case) -> bool:
    """On the case team in the actor's own municipality (emergency access does not count)."""
    if not _in_unit(actor) or case is None or not _reaches(actor, case):
        return False
    return is_team_member(actor, case)


def is_team_member(actor, case) -> bool:
    """Whether the actor's user is on the case team. Asked once per case object: a page asks
    the policy many questions about the same case, and the answer is kept on the object
    (``forget_team`` clears it after the team changes)."""
    cache = case.__dict__.setdefault("_team_member_cache", {})
    user_id = actor.user.pk
    if user_id not in cache:
        cache[user_id] = case.team.filter(user_id=user_id).exists()
    return cache[user_id]


def team_member_annotation(actor):
    """For a query of cases: whether the actor's user is on each case's team, read in the
    same query (``remember_team_member`` keeps the answer for ``is_team_member``)."""
    from django.db.models import Exists, OuterRef

    from trygg.defectors.models import CaseTeamMember

    return Exists(CaseTeamMember.objects.filter(case=OuterRef("pk"), user_id=actor.user.pk))


def emergency_annotation(actor):
    """For a query of cases: whether the actor holds an unexpired emergency access to each
    case (of any unit; ``visible_case`` asks for the actor's own)."""
    from django.db.models import Exists, OuterRef

    from trygg.defectors.models import EmergencyAccess

    return Exists(
        EmergencyAccess.objects.filter(
            case=OuterRef("pk"), user_id=actor.user.pk, expires_at__gt=timezone.now()
        )
    )


def remember_team_member(actor, case, on_team: bool) -> None:
    case.__dict__.setdefault("_team_member_cache", {})[actor.user.pk] = bool(on_team)


def forget_team(case) -> None:
    case.__dict__.pop("_team_member_cache", None)


def active_emergency_access(actor, case):
    """The actor's unexpired emergency access to ``case`` in its unit, or None."""
    if not actor.is_authenticated or actor.organisation is None or case is None:
        return None
    if case.unit_id != actor.organisation.pk:
        return None
    cache = case.__dict__.setdefault("_emergency_cache", {})
    if actor.user.pk not in cache:
        cache[actor.user.pk] = (
            case.emergency_accesses.filter(user_id=actor.user.pk, expires_at__gt=timezone.now())
            .order_by("-expires_at")
            .first()
        )
    access = cache[actor.user.pk]
    if access is not None and access.expires_at <= timezone.now():
        return None
    return access


defectors_policy = DefectorsPolicy()
