"""Demo referrals to Huddinge's partner agencies (fictitious people), through the real
services: Adam referred to Polisen under his consent and accepted by the police contact,
and Leila referred to Fryshuset Passus, waiting for its contact's answer."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.defectors.consents import services as consents
from trygg.defectors.constants import Agency, ReferralStatus, SharedField
from trygg.defectors.models import Case
from trygg.defectors.referrals import services as referrals
from trygg.organisations.models import Organisation


def seed_referrals(adam: Case, leila: Case) -> None:
    hanna = actor_for(User.objects.get(email="handlaggare@huddinge.example"))
    police_contact = actor_for(User.objects.get(email="polis@huddinge.example"))
    partners = {
        o.name: o
        for o in Organisation.objects.filter(municipality_id=adam.municipality_id, kind="partner")
    }
    to_police = referrals.referral_send(
        actor=hanna,
        case=adam,
        partner=partners["Polisen"],
        purpose="Adam vill berätta om hotbilden och behöver polisens riskbedömning inför flytt.",
        fields=[
            SharedField.NAME,
            SharedField.IDENTITY_NUMBER,
            SharedField.THREAT,
            SharedField.CASE_OFFICER,
        ],
    )
    referrals.referral_answer(
        actor=police_contact,
        referral=to_police,
        status=ReferralStatus.ACCEPTED,
        answer="Avhopparsamordnaren tar kontakt med handläggaren den här veckan.",
    )
    consents.consent_record(
        actor=hanna,
        case=leila,
        agency=Agency.NGO,
        agency_name="Fryshuset Passus",
        scope="Namn, behov och kontakt via handläggaren.",
        given_on=timezone.localdate() - timedelta(days=2),
        expires_on=None,
    )
    referrals.referral_send(
        actor=hanna,
        case=leila,
        partner=partners["Fryshuset Passus"],
        purpose="Leila vill ha en medvandrare som själv har lämnat ett nätverk.",
        fields=[SharedField.NAME, SharedField.NEEDS, SharedField.CASE_OFFICER],
    )


def seed_inbound() -> None:
    """Kriminalvården hands Omar over to Huddinge's unit before his release; it waits for the
    unit manager in the intake queue."""
    from trygg.defectors.constants import InboundKind
    from trygg.defectors.inbound import services as inbound

    inbound.inbound_submit(
        actor=actor_for(User.objects.get(email="kriminalvarden@huddinge.example")),
        kind=InboundKind.HANDOVER,
        given_name="Omar",
        family_name="Frigivningsson",
        identity_number="19960722-3006",
        shared="Friges om två veckor efter tre års fängelse. Vill lämna nätverket i Vårby och "
        "har samtyckt till att kommunen får veta hotbilden och att han behöver bostad.",
        agency_contact="Kim Kriminalvård, frivården Huddinge, tel. 010-000 00 10",
        planning_on=timezone.localdate() + timedelta(days=10),
    )
