"""Moving a case to another municipality: propose, withdraw, accept, decline.

Each step is audited on both sides: one event in the sending municipality's log and one in
the receiving municipality's, with ids only. Until acceptance the receiving municipality
sees the reason and the legal basis, not the person. On acceptance, in one transaction, the
case (with its person, unless the person has other cases at home) moves to the receiving
unit with a new reference, the case officer chosen by the receiving unit manager becomes its
team, and the sending team is kept as the transfer's readers: they may read what was
written while the case was theirs, for ``TRYGG_TRANSFER_READ_DAYS`` days, nothing after.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership
from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.cases.matches import note_if_registered
from trygg.defectors.cases.services import next_number
from trygg.defectors.consents.services import consents_valid_on
from trygg.defectors.constants import Agency, TransferStatus
from trygg.defectors.models import (
    Case,
    CaseTask,
    CaseTeamMember,
    DuplicateMatch,
    EmergencyAccess,
    Intake,
    Intervention,
    Person,
    Transfer,
)
from trygg.defectors.policies import defectors_policy, forget_team
from trygg.organisations.constants import OrganisationKind


def _record_both_sides(*, actor, transfer: Transfer, action: str, **payload) -> None:
    """The same step in each municipality's log: ids and codes only."""
    payload = {"case": transfer.case_id, **payload}
    for municipality_id in (transfer.from_municipality_id, transfer.to_municipality_id):
        record(
            action=action,
            actor=actor,
            target=transfer,
            municipality_id=municipality_id,
            payload=payload,
        )


def legal_grounds() -> list[str]:
    return list(settings.TRYGG_TRANSFER_LEGAL_GROUNDS)


def _owned_since(case: Case):
    """When the case came to its present municipality: opened there, or the last accepted
    transfer into it."""
    last = (
        case.transfers.filter(
            status=TransferStatus.ACCEPTED, to_municipality_id=case.municipality_id
        )
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return last or case.opened_at


def transfer_propose(
    *, actor, case: Case, to_municipality, reason: str, consent=None, legal_ground: str = ""
) -> Transfer:
    defectors_policy.require(actor, "propose_transfer", case)
    reason = reason.strip()
    if to_municipality is None or to_municipality.kind != OrganisationKind.KOMMUN:
        raise ApplicationError(_("Choose the receiving municipality."), field="to_municipality")
    if to_municipality.pk == case.municipality_id:
        raise ApplicationError(
            _("The case is already in this municipality. Choose another one."),
            field="to_municipality",
        )
    if consent is not None and legal_ground:
        raise ApplicationError(
            _("Choose either the consent or a legal ground, not both."), field="legal_ground"
        )
    if consent is None and not legal_ground:
        raise ApplicationError(
            _(
                "A transfer needs the person's consent to share information with the other "
                "municipality, or a legal ground. Record the consent under Consents first, or "
                "choose the legal ground."
            ),
            field="consent",
        )
    if legal_ground and legal_ground not in legal_grounds():
        raise ApplicationError(_("Choose a legal ground from the list."), field="legal_ground")
    today = timezone.localdate()
    if consent is not None and (
        consent.case_id != case.pk
        or consent.agency != Agency.OTHER_MUNICIPALITY
        or not consent.is_valid_on(today)
    ):
        raise ApplicationError(
            _(
                "The consent must be a valid consent of this case to share with another "
                "municipality."
            ),
            field="consent",
        )
    if len(reason) < 10:
        raise ApplicationError(
            _("Write why the case should move, for the receiving unit manager."), field="reason"
        )
    now = timezone.now()
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        if case.transfers.filter(status=TransferStatus.PROPOSED).exists():
            raise ApplicationError(
                _("A transfer of this case is already waiting for an answer."),
                field="to_municipality",
            )
        transfer = Transfer(
            case=case,
            from_municipality_id=case.municipality_id,
            from_unit_id=case.unit_id,
            from_reference=case.reference,
            to_municipality=to_municipality,
            reason=reason,
            consent=consent,
            legal_ground=legal_ground,
            proposed_by=actor.user,
            proposed_at=now,
            owned_since=_owned_since(case),
        )
        transfer.full_clean()
        transfer.save()
        _record_both_sides(
            actor=actor,
            transfer=transfer,
            action="defectors.transfer.propose",
            basis="consent" if consent else "legal_ground",
        )
    return transfer


def _decided(*, actor, transfer: Transfer, status: str, note: str = "", also=()) -> Transfer:
    transfer.status = status
    transfer.decided_by = actor.user
    transfer.decided_at = timezone.now()
    transfer.decision_note = note
    transfer.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at", *also]
    )
    return transfer


def _locked(transfer: Transfer) -> Transfer:
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status != TransferStatus.PROPOSED:
        raise ApplicationError(_("The transfer has already been answered or withdrawn."))
    return locked


def transfer_withdraw(*, actor, transfer: Transfer) -> Transfer:
    """The sending team takes back a proposal not yet answered."""
    defectors_policy.require(actor, "propose_transfer", transfer.case)
    with transaction.atomic():
        transfer = _locked(transfer)
        _decided(actor=actor, transfer=transfer, status=TransferStatus.WITHDRAWN)
        _record_both_sides(actor=actor, transfer=transfer, action="defectors.transfer.withdraw")
    return transfer


def transfer_decline(*, actor, transfer: Transfer, note: str) -> Transfer:
    defectors_policy.require(actor, "decide_transfer", transfer)
    note = note.strip()
    if len(note) < 10:
        raise ApplicationError(
            _("Write why, so that the sending team can find another way."), field="note"
        )
    with transaction.atomic():
        transfer = _locked(transfer)
        _decided(actor=actor, transfer=transfer, status=TransferStatus.DECLINED, note=note)
        _record_both_sides(actor=actor, transfer=transfer, action="defectors.transfer.decline")
    return transfer


def _move_person(*, case: Case, to_municipality_id: int) -> None:
    """The person moves with the case; when they have other cases at home (a closed earlier
    case, kept until retention), the receiving municipality gets its own copy instead, so
    the sending municipality keeps what is its own."""
    person = case.person
    if person is None:
        return
    reserve = ""
    if person.reserve_id:
        reserve = next_number(Person, "reserve_id", f"R-{timezone.now().year}-", to_municipality_id)
    if not person.cases.exclude(pk=case.pk).exists():
        person.municipality_id = to_municipality_id
        person.reserve_id = reserve
        person.save(update_fields=["municipality", "reserve_id", "updated_at"])
        return
    contacts = list(person.contacts.all())
    copy = Person(
        municipality_id=to_municipality_id,
        given_name=person.given_name,
        family_name=person.family_name,
        identity_number=person.identity_number,
        reserve_id=reserve,
        contact=person.contact,
        protection=person.protection,
        birth_day=person.birth_day,
    )
    copy.full_clean()
    copy.save()
    for contact in contacts:
        contact.pk = None
        contact.person = copy
        contact.save()
    Case.objects.filter(pk=case.pk).update(person=copy)
    case.person = copy


def transfer_accept(*, actor, transfer: Transfer, case_officer) -> Case:
    """The receiving unit takes the case over; ``case_officer`` (of the actor's unit) is
    its team from now on."""
    defectors_policy.require(actor, "decide_transfer", transfer)
    unit = actor.organisation
    is_officer = Membership.objects.filter(
        user=case_officer, organisation=unit, role=Role.HANDLAGGARE, user__is_active=True
    ).exists()
    if not is_officer:
        raise ApplicationError(
            _("Choose a case officer of your unit for the case team."), field="case_officer"
        )
    today = timezone.localdate()
    with transaction.atomic():
        transfer = _locked(transfer)
        case = Case.objects.select_for_update().get(pk=transfer.case_id)
        readers = list(case.team.values_list("user_id", flat=True))
        _move_person(case=case, to_municipality_id=unit.municipality_id)
        now = timezone.now()
        case.municipality_id = unit.municipality_id
        case.unit = unit
        case.reference = next_number(Case, "reference", f"AV-{now.year}-", unit.municipality_id)
        case.team_decided_at = now
        case.last_entry_at = now
        case.save(
            update_fields=[
                "municipality",
                "unit",
                "reference",
                "team_decided_at",
                "last_entry_at",
                "updated_at",
            ]
        )
        # The intake and the interventions count in the statistics of the case's municipality.
        Intake.objects.filter(case=case).update(municipality_id=case.municipality_id)
        Intervention.objects.filter(case=case).update(municipality_id=case.municipality_id)
        CaseTeamMember.objects.filter(case=case).delete()
        CaseTeamMember.objects.create(case=case, user=case_officer)
        forget_team(case)
        # Nothing of the sending municipality stays attached: its people's open tasks go to
        # the new team, and emergency accesses of its staff end now.
        CaseTask.objects.filter(case=case, done_at__isnull=True).update(assigned_to=None)
        EmergencyAccess.objects.filter(case=case, expires_at__gt=now).update(expires_at=now)
        transfer.to_unit = unit
        transfer.to_reference = case.reference
        transfer.read_until = today + timedelta(days=settings.TRYGG_TRANSFER_READ_DAYS)
        _decided(
            actor=actor,
            transfer=transfer,
            status=TransferStatus.ACCEPTED,
            also=("to_unit", "to_reference", "read_until"),
        )
        transfer.readers.set(readers)
        if case.person is not None and not DuplicateMatch.objects.filter(case=case).exists():
            note_if_registered(actor=actor, case=case, person=case.person)
        _record_both_sides(actor=actor, transfer=transfer, action="defectors.transfer.accept")
        record(
            action="defectors.team.add",
            actor=actor,
            target=case,
            payload={"user": case_officer.pk, "transfer": transfer.pk},
        )
    return case


def valid_consents_for_transfer(*, case: Case):
    """The case's consents that allow sharing with another municipality today."""
    return consents_valid_on(case=case, on=timezone.localdate()).filter(
        agency=Agency.OTHER_MUNICIPALITY
    )
