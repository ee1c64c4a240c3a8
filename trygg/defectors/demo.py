"""Demo data for the defector programme (fictitious people), made through the real services.

Status changes and closed cases come with later slices (mapping, closure, retention); until
then every demo case is at the contact and intake stage.
"""

from __future__ import annotations

from datetime import date

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.defectors import services
from trygg.defectors.constants import GroupType, Protection, ReferralSource, ThreatIndication
from trygg.defectors.models import Case

# (case officer, given name, family name, identity number, protection, contact, intake)
DEMO_PEOPLE = [
    (
        "handlaggare@huddinge.example",
        "Adam",
        "Provsson",
        "19970412-2382",
        Protection.NONE,
        "Tel. 070-000 00 01",
        (date(2026, 1, 12), ReferralSource.POLICE, GroupType.CRIMINAL_NETWORK, "high"),
    ),
    (
        "handlaggare@huddinge.example",
        "Leila",
        "Testdotter",
        "20010923-4179",
        Protection.SKYDDAD_FOLKBOKFORING,
        "Nås via handläggaren. Adress skyddad.",
        (date(2026, 2, 3), ReferralSource.SELF, GroupType.CRIMINAL_NETWORK, "medium"),
    ),
    (
        "handlaggare@huddinge.example",
        "Kevin",
        "Exempelsson",
        "20100823-1464",
        Protection.NONE,
        "Vårdnadshavare: tel. 070-000 00 02",
        (date(2026, 3, 2), ReferralSource.SCHOOL, GroupType.CRIMINAL_NETWORK, "low"),
    ),
    (
        "handlaggare@botkyrka.example",
        "Elias",
        "Fiktivsson",
        "20050617-3095",
        Protection.NONE,
        "Tel. 070-000 00 03",
        (date(2026, 1, 20), ReferralSource.KRIMINALVARDEN, GroupType.EXTREMISM_RIGHT, "medium"),
    ),
]


def seed_defectors(orgs) -> None:
    units = [orgs["avhopparenhet"], orgs["botkyrka_avhopp"]]
    if Case.objects.filter(unit__in=units).exists():
        return  # seeded already
    for email, given, family, number, protection, contact, intake in DEMO_PEOPLE:
        intake_date, source, group_type, threat = intake
        services.intake_create(
            actor=actor_for(User.objects.get(email=email)),
            given_name=given,
            family_name=family,
            identity_number=number,
            reserve=False,
            protection=protection,
            contact=contact,
            date=intake_date,
            source=source,
            group_type=group_type,
            threat_indication=ThreatIndication(threat),
            motivation_notes="Vill lämna nätverket och börja plugga igen.",
        )
