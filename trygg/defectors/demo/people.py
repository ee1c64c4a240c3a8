"""Demo data for the defector programme (fictitious people), made through the real services.

The active cases are at the contact and intake stage; two cases closed in 2019 (Milan, due
for deletion, and Noah, kept for research) show retention (``_seed_closed_2019``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.defectors.cases import services
from trygg.defectors.constants import (
    CaseStatus,
    GroupType,
    Outcome,
    Protection,
    ReferralSource,
    ThreatIndication,
)
from trygg.defectors.models import Case, CaseStatusChange

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


def seed_defectors(orgs, *, case_files: bool = True) -> None:
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
    _seed_closed_2019()
    _teams_decided(units)
    if case_files:
        from trygg.defectors.demo.case_files import seed_case_files

        seed_case_files()
        from trygg.defectors.demo.joint import seed_joint_unit
        from trygg.defectors.demo.transfers import seed_transfers

        seed_transfers()
        seed_joint_unit()


# Kevin's intake, the newest, still waits for the unit manager to decide its team.
WAITING_FOR_TEAM = "20100823-1464"


def _teams_decided(units) -> None:
    """Cecilia Chef has decided the teams of Huddinge's cases but Kevin's; Botkyrka's demo
    unit has no manager account, so its case is marked decided as it stands."""
    from django.db.models import F

    from trygg.core.fields import blind_lookup
    from trygg.defectors.identity import normalise_identity_number
    from trygg.defectors.models import Person

    chief = actor_for(User.objects.get(email="chef@huddinge.example"))
    waiting = Person.objects.filter(
        identity_index=blind_lookup(
            Person, "identity_index", normalise_identity_number(WAITING_FOR_TEAM)
        )
    ).values("pk")
    for case in Case.objects.filter(unit=units[0]).exclude(person__in=waiting):
        services.team_decide(actor=chief, case=case)
    Case.objects.filter(unit=units[1]).update(team_decided_at=F("opened_at"))


# Two cases closed in 2019, for retention (gallring): (given name, family name, identity
# number, opened, closed, outcome). Milan's case is due for deletion; Noah is
# born on the 5th and is kept for research.
CLOSED_2019 = [
    ("Milan", "Exempelsson", "19881130-6524", (2019, 2, 4), (2019, 10, 15), Outcome.COMPLETED),
    ("Noah", "Demosson", "19930205-7717", (2019, 1, 14), (2019, 5, 20), Outcome.LEFT),
]


def _at(day: tuple[int, int, int]):
    return timezone.make_aware(datetime(*day, 10, 0))


def _seed_closed_2019() -> None:
    """Made through ``intake_create`` like every demo case, then moved back in time.

    The services write "now" (opening, closing and last-entry times) and a closed case
    cannot be written in, so the 2019 history is set directly with ``update()``: demo
    history only, never a pattern for real data. The reference follows the opening year.
    """
    actor = actor_for(User.objects.get(email="handlaggare@huddinge.example"))
    for number, (given, family, identity, opened, closed, outcome) in enumerate(
        CLOSED_2019, start=1
    ):
        case = services.intake_create(
            actor=actor,
            given_name=given,
            family_name=family,
            identity_number=identity,
            reserve=False,
            protection=Protection.NONE,
            contact="",
            date=date(*opened),
            source=ReferralSource.SOCIAL_SERVICES,
            group_type=GroupType.CRIMINAL_NETWORK,
            threat_indication=ThreatIndication.MEDIUM,
            motivation_notes="Ville flytta och börja arbeta.",
        )
        Case.objects.filter(pk=case.pk).update(
            reference=f"AV-{opened[0]}-{number:04d}",
            status=CaseStatus.AVSLUTAT,
            outcome=outcome,
            opened_at=_at(opened),
            closed_at=_at(closed),
            last_entry_at=_at(closed),
        )
        CaseStatusChange.objects.create(
            case=case,
            from_status=CaseStatus.KONTAKT,
            to_status=CaseStatus.AVSLUTAT,
            outcome=outcome,
            at=_at(closed),
            by=actor.user,
        )
