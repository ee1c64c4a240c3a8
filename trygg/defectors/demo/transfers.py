"""Demo transfers between Södertörn municipalities (fictitious people), made through the
real services: Sami's case, moved from Botkyrka to Huddinge and accepted (Botkyrka's case
officer still reads her own entries), and Nora's, whose protected move from Huddinge to
Haninge waits for Haninge's unit manager."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.defectors.cases import services as cases
from trygg.defectors.consents import services as consents
from trygg.defectors.constants import (
    Agency,
    GroupType,
    Protection,
    ReferralSource,
    ThreatIndication,
)
from trygg.defectors.journal import services as journal
from trygg.defectors.models import Case
from trygg.defectors.transfers import services as transfers
from trygg.organisations.models import Organisation


def _intake(actor, given, family, number, protection, source, day) -> Case:
    case = cases.intake_create(
        actor=actor,
        given_name=given,
        family_name=family,
        identity_number=number,
        reserve=False,
        protection=protection,
        contact="Nås via handläggaren.",
        date=day,
        source=source,
        group_type=GroupType.CRIMINAL_NETWORK,
        threat_indication=ThreatIndication.HIGH,
        motivation_notes="Vill flytta från området och börja om.",
    )
    # Opened some weeks ago, so it is not the newest case of the list.
    opened = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    Case.objects.filter(pk=case.pk).update(opened_at=opened, team_decided_at=opened)
    case.refresh_from_db()
    return case


def _consent(actor, case, municipality: str, day: date) -> None:
    return consents.consent_record(
        actor=actor,
        case=case,
        agency=Agency.OTHER_MUNICIPALITY,
        agency_name=municipality,
        scope="Uppgifter som behövs för att flytta ärendet och fortsätta stödet.",
        given_on=day,
        expires_on=None,
    )


def seed_transfers() -> None:
    today = timezone.localdate()
    bilal = actor_for(User.objects.get(email="handlaggare@botkyrka.example"))
    hanna = actor_for(User.objects.get(email="handlaggare@huddinge.example"))
    cecilia = actor_for(User.objects.get(email="chef@huddinge.example"))
    huddinge = Organisation.objects.get(scb_code="0126")
    haninge = Organisation.objects.get(scb_code="0136")

    sami = _intake(
        bilal,
        "Sami",
        "Flyttsson",
        "19990314-2009",
        Protection.NONE,
        ReferralSource.POLICE,
        today - timedelta(days=60),
    )
    entry = journal.journal_entry_create(
        actor=bilal,
        case=sami,
        occurred_on=today - timedelta(days=40),
        text="Samtal om flytt. Sami vill bo nära sin syster i Huddinge.",
    )
    journal.journal_entry_sign(actor=bilal, case=sami, entry=entry)
    consent = _consent(bilal, sami, "Huddinge kommun", today - timedelta(days=30))
    moved = transfers.transfer_propose(
        actor=bilal,
        case=sami,
        to_municipality=huddinge,
        consent=consent,
        reason="Sami flyttar till sin syster i Huddinge och behöver fortsatt stöd och samtal.",
    )
    transfers.transfer_accept(actor=cecilia, transfer=moved, case_officer=hanna.user)

    nora = _intake(
        hanna,
        "Nora",
        "Flyttdotter",
        "20020611-2005",
        Protection.SKYDDAD_FOLKBOKFORING,
        ReferralSource.SELF,
        today - timedelta(days=45),
    )
    consent = _consent(hanna, nora, "Haninge kommun", today - timedelta(days=3))
    transfers.transfer_propose(
        actor=hanna,
        case=nora,
        to_municipality=haninge,
        consent=consent,
        reason="Hotbilden i Flemingsberg kräver att Nora flyttar. Skyddat boende är ordnat "
        "i Haninge; stödet behöver fortsätta där.",
    )
