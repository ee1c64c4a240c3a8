"""Handovers and referrals into the unit: a partner agency's contact submits; a unit manager
of the municipality accepts (a case opens, through the intake, with the case officer chosen)
or declines. Audit payloads hold ids and codes only."""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership
from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.cases import services as cases
from trygg.defectors.constants import (
    InboundKind,
    InboundStatus,
    Protection,
    ReferralSource,
)
from trygg.defectors.identity import normalise_identity_number
from trygg.defectors.models import Case, CaseTask, Inbound
from trygg.defectors.policies import defectors_policy

TEXT_MAX_LENGTH = 4000
SOURCE_OF_PARTNER = {
    "polisen": ReferralSource.POLICE,
    "kriminalvarden": ReferralSource.KRIMINALVARDEN,
    "sis": ReferralSource.SIS,
    "ngo": ReferralSource.NGO,
}


def inbound_submit(
    *,
    actor,
    kind: str,
    given_name: str,
    family_name: str,
    identity_number: str,
    shared: str,
    agency_contact: str,
    planning_on: Date | None,
) -> Inbound:
    defectors_policy.require(actor, "submit_inbound")
    if kind not in InboundKind.values:
        raise ApplicationError(_("Choose a handover or a referral."), field="kind")
    number = identity_number.strip()
    if number:
        try:
            number = normalise_identity_number(number)
        except ValidationError as error:
            raise ApplicationError(error.messages[0], field="identity_number") from error
    if not (given_name.strip() or family_name.strip() or number):
        raise ApplicationError(
            _("Write the person's name or personal identity number."), field="given_name"
        )
    if len(shared.strip()) < 10:
        raise ApplicationError(
            _("Write what the unit needs to know to plan the support."), field="shared"
        )
    if not agency_contact.strip():
        raise ApplicationError(
            _("Write who at your agency the unit contacts."), field="agency_contact"
        )
    if planning_on is not None and planning_on < timezone.localdate():
        raise ApplicationError(_("Choose a day from today on."), field="planning_on")
    with transaction.atomic():
        inbound = Inbound(
            municipality_id=actor.municipality_id,
            partner=actor.organisation,
            kind=kind,
            given_name=given_name.strip(),
            family_name=family_name.strip(),
            identity_number=number,
            shared=shared.strip(),
            agency_contact=agency_contact.strip(),
            planning_on=planning_on,
            created_by=actor.user,
        )
        inbound.full_clean()
        inbound.save()
        record(
            action="defectors.inbound.submit",
            actor=actor,
            target=inbound,
            payload={"kind": kind, "partner": actor.organisation.pk},
        )
    return inbound


def _locked(inbound: Inbound) -> Inbound:
    locked = Inbound.objects.select_for_update().get(pk=inbound.pk)
    if locked.status != InboundStatus.WAITING:
        raise ApplicationError(_("It has already been answered."))
    return locked


def inbound_accept(
    *, actor, inbound: Inbound, case_officer, group_type: str, threat_indication: str
) -> Case:
    """Open a case in the actor's unit from what the agency shared; ``case_officer`` is its
    team. The intake records the agency as the source and the planning day as a task."""
    defectors_policy.require(actor, "decide_inbound", inbound)
    unit = actor.organisation
    if not Membership.objects.filter(
        user=case_officer, organisation=unit, role=Role.HANDLAGGARE, user__is_active=True
    ).exists():
        raise ApplicationError(
            _("Choose a case officer of your unit for the case team."), field="case_officer"
        )
    with transaction.atomic():
        inbound = _locked(inbound)
        case = cases.intake_create(
            actor=actor,
            given_name=inbound.given_name,
            family_name=inbound.family_name,
            identity_number=inbound.identity_number,
            reserve=not inbound.identity_number,
            protection=Protection.NONE,
            contact="",
            date=timezone.localdate(),
            source=SOURCE_OF_PARTNER.get(inbound.partner.partner_type, ReferralSource.OTHER),
            group_type=group_type,
            threat_indication=threat_indication,
            motivation_notes=inbound.shared,
            team_member=case_officer,
        )
        Case.objects.filter(pk=case.pk).update(team_decided_at=timezone.now())
        if inbound.planning_on is not None:
            task = CaseTask.objects.create(
                case=case,
                title=_("Joint planning with %(agency)s") % {"agency": inbound.partner.name},
                due_on=inbound.planning_on,
                assigned_to=case_officer,
                created_by=actor.user,
            )
            record(
                action="defectors.task.create",
                actor=actor,
                target=case,
                payload={"task": task.pk, "inbound": inbound.pk},
            )
        inbound.status = InboundStatus.ACCEPTED
        inbound.case = case
        inbound.decided_by = actor.user
        inbound.decided_at = timezone.now()
        inbound.save(update_fields=["status", "case", "decided_by", "decided_at", "updated_at"])
        record(
            action="defectors.inbound.accept",
            actor=actor,
            target=inbound,
            payload={"case": case.pk, "team": [case_officer.pk]},
        )
    return case


def inbound_decline(*, actor, inbound: Inbound, note: str) -> Inbound:
    defectors_policy.require(actor, "decide_inbound", inbound)
    note = note.strip()
    if len(note) < 10:
        raise ApplicationError(_("Write why, for the agency."), field="note")
    with transaction.atomic():
        inbound = _locked(inbound)
        inbound.status = InboundStatus.DECLINED
        inbound.decision_note = note
        inbound.decided_by = actor.user
        inbound.decided_at = timezone.now()
        inbound.save(
            update_fields=["status", "decision_note", "decided_by", "decided_at", "updated_at"]
        )
        record(action="defectors.inbound.decline", actor=actor, target=inbound)
    return inbound
