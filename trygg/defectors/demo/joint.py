"""A demo joint unit: Huddinge's defector unit serves Botkyrka too, by agreement from the
start of the year, and holds one case for a person of Botkyrka (owned by Botkyrka)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.defectors.cases import services as cases
from trygg.defectors.constants import GroupType, Protection, ReferralSource, ThreatIndication
from trygg.defectors.models import Case
from trygg.organisations import services as organisations
from trygg.organisations.models import Organisation


def seed_joint_unit() -> None:
    admin = actor_for(User.objects.get(email="admin@huddinge.example"))
    hanna = User.objects.get(email="handlaggare@huddinge.example")
    botkyrka = Organisation.objects.get(scb_code="0127")
    unit = hanna.memberships.get().organisation
    today = timezone.localdate()
    organisations.joint_service_create(
        actor=admin, unit=unit, municipality=botkyrka, starts_on=date(today.year, 1, 1)
    )
    case = cases.intake_create(
        actor=actor_for(hanna),
        given_name="Yusuf",
        family_name="Samverkansson",
        identity_number="",
        reserve=True,
        protection=Protection.NONE,
        contact="Nås via handläggaren.",
        date=today - timedelta(days=20),
        source=ReferralSource.SOCIAL_SERVICES,
        group_type=GroupType.CRIMINAL_NETWORK,
        threat_indication=ThreatIndication.MEDIUM,
        motivation_notes="Bor i Botkyrka; den gemensamma enheten tar ärendet.",
        municipality_id=botkyrka.pk,
    )
    opened = timezone.now() - timedelta(days=20)
    Case.objects.filter(pk=case.pk).update(opened_at=opened, team_decided_at=opened)
