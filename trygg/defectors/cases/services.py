"""Every write in the defector programme: policy, validation, change and audit in one transaction.

Audit payloads carry ids and codes only: never a name, an identity number or free text.
"""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership
from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.cases.matches import note_if_registered
from trygg.defectors.constants import CaseStatus, Protection
from trygg.defectors.identity import birth_day_of, normalise_identity_number
from trygg.defectors.models import Case, CaseTeamMember, Intake, Person
from trygg.defectors.policies import defectors_policy, forget_team, served_by_unit


def _require(actor, action: str, obj=None) -> None:
    defectors_policy.require(actor, action, obj)


def record_case_event(*, actor, case: Case, action: str, **payload) -> None:
    """One audit event about ``case`` (the target is always the case, so the log review can
    follow a case). ``payload`` holds ids and codes only, e.g. ``entry=12``. When the actor
    opened the case by emergency access, the event says so (``"emergency": <access id>``)."""
    access = getattr(case, "emergency_access", None)
    if access is not None:
        payload["emergency"] = access.pk
    record(action=action, actor=actor, target=case, payload=payload)
    if case.municipality_id != getattr(actor, "municipality_id", case.municipality_id):
        # A joint unit works on another municipality's case: its log reviewer sees it too.
        record(
            action=action,
            actor=actor,
            target=case,
            municipality_id=case.municipality_id,
            payload=payload,
        )


def touch(case: Case) -> None:
    """Something was written in the case file now: retention counts from the last entry."""
    case.last_entry_at = timezone.now()
    Case.objects.filter(pk=case.pk).update(last_entry_at=case.last_entry_at)


def require_edit(actor, case: Case) -> None:
    """The actor may write in the case file (the team, case not closed; emergency access
    only reads)."""
    _require(actor, "edit", case)


def _identity_number(value: str) -> str:
    try:
        return normalise_identity_number(value)
    except ValidationError as error:
        raise ApplicationError(error.messages[0], field="identity_number") from error


def next_number(model, field: str, prefix: str, municipality_id: int) -> str:
    """The next "<prefix>NNNN" of the municipality; numbered per municipality, so a number
    says nothing about another municipality's volumes."""
    last = model.objects.filter(
        municipality_id=municipality_id, **{f"{field}__startswith": prefix}
    ).aggregate(last=Max(field))["last"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def intake_create(
    *,
    actor,
    given_name: str,
    family_name: str,
    identity_number: str,
    reserve: bool,
    protection: str,
    contact: str,
    date: Date,
    source: str,
    group_type: str,
    threat_indication: str,
    motivation_notes: str,
    team_member=None,
    municipality_id: int | None = None,
) -> Case:
    """Record a first contact: the person (none for an anonymous contact), the case, the
    intake, and the actor as the first member of the case team, in the actor's unit.

    A person without an identity number gets a reserve number (R-YYYY-NNNN). With no name,
    no identity number and no reserve number asked for, the contact is anonymous.
    ``team_member``: the case officer the unit manager gives a case accepted from a partner
    agency (``defectors.inbound``); otherwise the actor is the first team member.
    ``municipality_id``: in a joint unit, the person's home municipality, which owns the case
    (one the unit serves today); by default the unit's own.
    """
    _require(actor, "create_intake")
    given_name, family_name = given_name.strip(), family_name.strip()
    number = _identity_number(identity_number) if identity_number.strip() else ""
    if number and reserve:
        raise ApplicationError(
            _("A person with an identity number does not need a reserve number."),
            field="reserve",
        )
    anonymous = not (given_name or family_name or number or reserve)
    unit = actor.organisation
    home = municipality_id or unit.municipality_id
    if home not in served_by_unit(actor):
        raise ApplicationError(
            _("Your unit does not serve that municipality."), field="home_municipality"
        )
    now = timezone.now()
    with transaction.atomic():
        person = None
        if not anonymous:
            person = Person(
                municipality_id=home,
                given_name=given_name,
                family_name=family_name,
                identity_number=number,
                reserve_id=""
                if number
                else next_number(Person, "reserve_id", f"R-{now.year}-", home),
                contact=contact.strip(),
                protection=protection or Protection.NONE,
                birth_day=birth_day_of(number) if number else None,
            )
            person.full_clean()
            person.save()
        case = Case(
            municipality_id=home,
            unit=unit,
            person=person,
            reference=next_number(Case, "reference", f"AV-{now.year}-", home),
            status=CaseStatus.KONTAKT,
            opened_at=now,
            last_entry_at=now,
        )
        case.full_clean()
        case.save()
        intake = Intake(
            case=case,
            municipality_id=case.municipality_id,
            date=date,
            source=source,
            group_type=group_type,
            threat_indication=threat_indication,
            motivation_notes=motivation_notes.strip(),
        )
        intake.full_clean()
        intake.save()
        first = team_member or actor.user
        CaseTeamMember.objects.create(case=case, user=first)
        if person is not None:
            note_if_registered(actor=actor, case=case, person=person)
        record(
            action="defectors.case.create",
            actor=actor,
            target=case,
            payload={
                "person": person.pk if person else None,
                "intake": intake.pk,
                "unit": unit.pk,
                "team": [first.pk],
                "protected": bool(person and person.protection != Protection.NONE),
            },
        )
    return case


def _team_decided(case: Case) -> None:
    """The unit manager has decided the team: the intake no longer waits for one."""
    if case.team_decided_at is None:
        case.team_decided_at = timezone.now()
        Case.objects.filter(pk=case.pk).update(team_decided_at=case.team_decided_at)


def team_member_add(*, actor, case: Case, user) -> CaseTeamMember:
    """Add a case officer (handläggare) of the case's unit to the case team."""
    _require(actor, "assign", case)
    is_officer = Membership.objects.filter(
        user=user, organisation_id=case.unit_id, role=Role.HANDLAGGARE
    ).exists()
    if not is_officer:
        raise ApplicationError(
            _("Only a case officer of the case's unit can join the team."), field="user"
        )
    with transaction.atomic():
        if CaseTeamMember.objects.filter(case=case, user=user).exists():
            raise ApplicationError(_("The case officer is already on the team."), field="user")
        member = CaseTeamMember.objects.create(case=case, user=user)
        forget_team(case)
        _team_decided(case)
        record(action="defectors.team.add", actor=actor, target=case, payload={"user": user.pk})
    return member


def team_member_remove(*, actor, case: Case, user) -> None:
    """Take someone off the case team. An open case always keeps at least one member."""
    _require(actor, "assign", case)
    with transaction.atomic():
        members = list(CaseTeamMember.objects.select_for_update().filter(case=case))
        member = next((m for m in members if m.user_id == user.pk), None)
        if member is None:
            raise ApplicationError(_("The person is not on the team."), field="user")
        if len(members) == 1 and case.status != CaseStatus.AVSLUTAT:
            raise ApplicationError(
                _("An open case needs at least one person on its team. Add someone first."),
                field="user",
            )
        member.delete()
        forget_team(case)
        _team_decided(case)
        record(action="defectors.team.remove", actor=actor, target=case, payload={"user": user.pk})


def team_decide(*, actor, case: Case) -> None:
    """The unit manager keeps the team as it is (the case officer who took the intake)."""
    _require(actor, "assign", case)
    with transaction.atomic():
        _team_decided(case)
        record(action="defectors.team.decide", actor=actor, target=case)
