"""Reads of referrals: the case team's list, the partner agency's inbox, and the package."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from trygg.audit.services import record
from trygg.defectors.models import Case, Referral
from trygg.defectors.policies import defectors_policy
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation


def _with_sharing(referrals) -> list[Referral]:
    """Each referral with ``sharing``: whether its consent still allows sharing today."""
    today = timezone.localdate()
    referrals = list(referrals)
    for referral in referrals:
        referral.sharing = referral.sharing_allowed_on(today)
    return referrals


def referrals_of_case(*, case: Case) -> list[Referral]:
    return _with_sharing(
        case.referrals.select_related("partner", "consent", "sent_by", "answered_by").order_by(
            "-sent_at", "-id"
        )
    )


def partners_of(*, municipality_id: int) -> QuerySet[Organisation]:
    """The municipality's partner agencies, the list its system administrator keeps."""
    return Organisation.objects.filter(
        kind=OrganisationKind.PARTNER, municipality_id=municipality_id, is_active=True
    ).order_by("name")


def _inbox(actor) -> QuerySet[Referral]:
    return defectors_policy.partner_referrals_visible(
        actor, Referral.objects.select_related("case__municipality", "consent", "sent_by")
    )


def partner_referrals(*, actor) -> list[Referral]:
    return _with_sharing(_inbox(actor).order_by("-sent_at", "-id"))


def partner_referral_get(*, actor, referral_id: int) -> Referral:
    """One referral to the actor's agency; the read is audited in the sending municipality."""
    referral = get_object_or_404(_inbox(actor), pk=referral_id)
    record(
        action="defectors.referral.view",
        actor=actor,
        target=referral,
        municipality_id=referral.case.municipality_id,
        payload={"case": referral.case_id},
    )
    return referral
