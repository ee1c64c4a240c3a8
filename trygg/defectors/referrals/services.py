"""Referrals to partner agencies: send (only under a valid consent for that agency), answer
(the agency's contact), and the package of exactly the chosen parts.

A referral is blocked when the case has no valid consent for the agency: none at all, one
that has expired, or one the person withdrew. The refusal is recorded in its own transaction
(a refusal inside the caller's rolled-back transaction would lose its audit event) with ids
only. Audit payloads never hold what was shared.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.defectors.constants import Agency, Protection, ReferralStatus, SharedField
from trygg.defectors.identity import formatted_identity_number
from trygg.defectors.models import Case, Consent, Referral
from trygg.defectors.policies import defectors_policy
from trygg.organisations.constants import OrganisationKind

PURPOSE_MAX_LENGTH = 4000
ANSWER_MAX_LENGTH = 4000
NAMED = {Agency.NGO, Agency.OTHER}
ANSWERS = (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.NEEDS_MORE)


def _names_match(consent: Consent, partner) -> bool:
    """An NGO's or other organisation's consent names it: "Passus" covers "Fryshuset Passus"."""
    named, partner_name = consent.agency_name.strip().lower(), partner.name.strip().lower()
    return bool(named) and (named in partner_name or partner_name in named)


def consent_for_partner(*, case: Case, partner, on=None) -> Consent | None:
    """The consent valid on ``on`` (today) that allows sharing with ``partner``, or None."""
    day = on or timezone.localdate()
    for consent in case.consents.filter(agency=partner.partner_type).order_by("-given_on"):
        if partner.partner_type in NAMED and not _names_match(consent, partner):
            continue
        if consent.is_valid_on(day):
            return consent
    return None


def _why_blocked(*, case: Case, partner, day) -> str:
    matching = [
        c
        for c in case.consents.filter(agency=partner.partner_type)
        if partner.partner_type not in NAMED or _names_match(c, partner)
    ]
    if any(c.withdrawn_on is not None and c.withdrawn_on <= day for c in matching):
        return _(
            "The person has withdrawn the consent to share with %(partner)s. Nothing more may "
            "be shared with it."
        ) % {"partner": partner.name}
    if any(c.expires_on is not None and c.expires_on < day for c in matching):
        return _(
            "The consent to share with %(partner)s has expired. Record a new consent under "
            "Consents first."
        ) % {"partner": partner.name}
    return _(
        "There is no consent to share with %(partner)s. Record the person's consent under "
        "Consents first."
    ) % {"partner": partner.name}


def build_package(*, case: Case, fields: list[str]) -> list[dict]:
    """The chosen parts of the case as they stand now, as titled lines of text."""
    person = case.person
    sections = []

    def add(code, lines):
        sections.append({"title": str(SharedField(code).label), "lines": [str(x) for x in lines]})

    for code in [f for f in SharedField.values if f in fields]:
        if code == SharedField.NAME:
            add(code, [f"{person.given_name} {person.family_name}".strip()] if person else [])
        elif code == SharedField.IDENTITY_NUMBER:
            number = person.identity_number if person else ""
            add(code, [formatted_identity_number(number) if number else person.reserve_id])
        elif code == SharedField.CONTACT:
            add(code, [person.contact] if person and person.contact else [])
        elif code == SharedField.INTAKE:
            intake = getattr(case, "intake", None)
            if intake is not None:
                add(
                    code,
                    [
                        intake.date.isoformat(),
                        intake.get_source_display(),
                        intake.get_group_type_display(),
                    ],
                )
        elif code == SharedField.THREAT:
            mapping = getattr(case, "mapping", None)
            add(code, [mapping.get_threat_level_display()] if mapping else [])
        elif code == SharedField.NEEDS:
            mapping = getattr(case, "mapping", None)
            needs = mapping.needs.all() if mapping else []
            add(code, [f"{n.get_area_display()}: {n.get_level_display()}" for n in needs])
        elif code == SharedField.AGREEMENT:
            agreement = case.agreements.order_by("-signed_on").first()
            conditions = agreement.conditions.all() if agreement else []
            add(code, [f"{c.get_kind_display()}: {c.description}".rstrip(": ") for c in conditions])
        elif code == SharedField.INTERVENTIONS:
            add(
                code,
                [
                    f"{i.get_type_display()} ({i.get_status_display()})"
                    for i in case.interventions.all()
                ],
            )
        elif code == SharedField.CASE_OFFICER:
            add(code, [m.user.full_name for m in case.team.select_related("user")])
    return sections


def package_of(referral: Referral) -> list[dict]:
    return json.loads(referral.package) if referral.package else []


def referral_send(*, actor, case: Case, partner, purpose: str, fields: list[str]) -> Referral:
    defectors_policy.require(actor, "edit", case)
    purpose = purpose.strip()
    if (
        partner is None
        or partner.kind != OrganisationKind.PARTNER
        or partner.municipality_id != case.municipality_id
    ):
        raise ApplicationError(
            _("Choose one of the municipality's partner agencies."), field="partner"
        )
    fields = [f for f in SharedField.values if f in set(fields)]
    if not fields:
        raise ApplicationError(_("Choose what the agency gets."), field="fields")
    protected = case.person is not None and case.person.protection != Protection.NONE
    if protected and SharedField.CONTACT in fields:
        raise ApplicationError(
            _(
                "The person has protected personal data: their contact details are never "
                "sent. Leave them out; the agency reaches the person through the case officer."
            ),
            field="fields",
        )
    if len(purpose) < 10:
        raise ApplicationError(
            _("Write why the person is referred to the agency."), field="purpose"
        )
    today = timezone.localdate()
    consent = consent_for_partner(case=case, partner=partner, on=today)
    if consent is None:
        with transaction.atomic():
            record(
                action="defectors.referral.refuse",
                actor=actor,
                target=case,
                payload={"partner": partner.pk},
            )
        raise ApplicationError(_why_blocked(case=case, partner=partner, day=today), field="partner")
    with transaction.atomic():
        referral = Referral(
            case=case,
            partner=partner,
            consent=consent,
            purpose=purpose,
            fields=fields,
            package=json.dumps(build_package(case=case, fields=fields), ensure_ascii=False),
            sent_by=actor.user,
            sent_at=timezone.now(),
        )
        referral.full_clean()
        referral.save()
        record(
            action="defectors.referral.send",
            actor=actor,
            target=case,
            payload={
                "referral": referral.pk,
                "partner": partner.pk,
                "consent": consent.pk,
                "fields": fields,
            },
        )
    return referral


def referral_answer(*, actor, referral: Referral, status: str, answer: str) -> Referral:
    """The agency's contact answers: accepted, declined, or more information needed."""
    defectors_policy.require(actor, "answer_referral", referral)
    answer = answer.strip()
    if status not in ANSWERS:
        raise ApplicationError(_("Choose an answer."), field="status")
    if status != ReferralStatus.ACCEPTED and len(answer) < 5:
        raise ApplicationError(
            _("Write what is missing or why, so that the case officer can act on it."),
            field="answer",
        )
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        locked.status = status
        locked.answer = answer
        locked.answered_by = actor.user
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answer", "answered_by", "answered_at", "updated_at"])
        record(
            action="defectors.referral.answer",
            actor=actor,
            target=locked,
            municipality_id=locked.case.municipality_id,
            payload={"case": locked.case_id, "status": status},
        )
    return locked
