"""Demo content of the case files (fictitious): mapping, risk analysis, consents, agreement,
plan and interventions with costs, journal, tasks and a relative — made through the real
services, as the case officers would, so the demo shows every part of a case."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.core.fields import blind_lookup
from trygg.defectors.agreement import services as agreements
from trygg.defectors.consents import services as consents
from trygg.defectors.constants import (
    Agency,
    CaseStatus,
    ConditionKind,
    GuardianBasis,
    InterventionStatus,
    InterventionType,
    NeedArea,
    NeedLevel,
    PoliceRiskLevel,
    Relation,
    ThreatIndication,
)
from trygg.defectors.emergency import services as emergency
from trygg.defectors.identity import normalise_identity_number
from trygg.defectors.journal import services as journal
from trygg.defectors.mapping import services as mapping
from trygg.defectors.models import Case, EmergencyAccess, Person
from trygg.defectors.persons import services as persons
from trygg.defectors.plan import services as plans
from trygg.defectors.status import services as case_status
from trygg.defectors.tasks import services as case_tasks


def _case(number: str) -> Case:
    digest = blind_lookup(Person, "identity_index", normalise_identity_number(number))
    return Case.objects.select_related("person", "unit").get(person__identity_index=digest)


def _move(actor, case: Case, *stages: str) -> None:
    for stage in stages:
        case_status.status_change(actor=actor, case=case, to_status=stage)


def _journal(actor, case: Case, entries: list[tuple[date, str]], *, draft_last: bool = False):
    written = []
    for index, (day, text) in enumerate(entries):
        entry = journal.journal_entry_create(actor=actor, case=case, occurred_on=day, text=text)
        if not (draft_last and index == len(entries) - 1):
            journal.journal_entry_sign(actor=actor, case=case, entry=entry)
        written.append(entry)
    return written


def seed_case_files() -> None:
    today = date.today()
    huddinge = actor_for(User.objects.get(email="handlaggare@huddinge.example"))
    botkyrka = actor_for(User.objects.get(email="handlaggare@botkyrka.example"))
    adam = _case("19970412-2382")
    seed_adam(huddinge, adam, today)
    seed_emergency_access(adam)
    leila = _case("20010923-4179")
    seed_leila(huddinge, leila)
    seed_kevin(huddinge, _case("20100823-1464"))
    seed_elias(botkyrka, _case("20050617-3095"), today)
    from trygg.defectors.demo.referrals import seed_inbound, seed_referrals

    seed_referrals(adam, leila)
    seed_inbound()


def seed_adam(actor, case: Case, today: date) -> None:
    _move(actor, case, CaseStatus.KARTLAGGNING)
    mapping.mapping_save(
        actor=actor,
        case=case,
        threat_level=ThreatIndication.HIGH,
        threat_notes="Hot från tidigare nätverk efter att han sagt att han vill lämna. "
        "Har fått meddelanden om att han är skyldig pengar.",
        completed_on=date(2026, 2, 20),
        needs={
            NeedArea.HOUSING: (NeedLevel.ACUTE, "Kan inte bo kvar i området."),
            NeedArea.SAFETY: (NeedLevel.MAJOR, "Behöver skyddat boende och säkerhetsplan."),
            NeedArea.INCOME: (NeedLevel.SOME, "Saknar inkomst, ansöker om försörjningsstöd."),
            NeedArea.DEBT: (NeedLevel.MAJOR, "Skulder hos Kronofogden."),
            NeedArea.HEALTH: (NeedLevel.NONE, ""),
            NeedArea.ADDICTION: (NeedLevel.SOME, "Cannabis, vill sluta."),
            NeedArea.EDUCATION_WORK: (NeedLevel.MAJOR, "Vill läsa in gymnasiet."),
            NeedArea.FAMILY: (NeedLevel.SOME, "Mamman är orolig och vill ha stöd."),
            NeedArea.LEISURE: (NeedLevel.SOME, "Behöver nytt umgänge."),
        },
    )
    mapping.risk_analysis_register(
        actor=actor,
        case=case,
        received_on=date(2026, 2, 26),
        level=PoliceRiskLevel.HIGH,
        police_reference="5000-K123456-26",
        notes="Polisen rekommenderar omflyttning utanför länet.",
    )
    _move(actor, case, CaseStatus.RISKANALYS)
    police = consents.consent_record(
        actor=actor,
        case=case,
        agency=Agency.POLISEN,
        agency_name="",
        scope="Uppgifter om boende och säkerhetsplan, för polisens riskanalys.",
        given_on=date(2026, 2, 10),
        expires_on=date(2027, 2, 10),
    )
    consents.consent_record(
        actor=actor,
        case=case,
        agency=Agency.KRONOFOGDEN,
        agency_name="",
        scope="Uppgifter för skuldsanering.",
        given_on=date(2026, 3, 5),
        expires_on=date(2026, 9, 5),
    )
    consents.disclosure_record(
        actor=actor,
        case=case,
        consent=police,
        disclosed_on=date(2026, 2, 12),
        summary="Nuvarande boendesituation och kontaktuppgifter, inför riskanalysen.",
    )
    _move(actor, case, CaseStatus.OVERENSKOMMELSE)
    agreement = agreements.agreement_create(
        actor=actor,
        case=case,
        signed_on=date(2026, 3, 10),
        valid_until=date(2027, 3, 10),
        notes="Överenskommelsen gicks igenom muntligt och skriftligt.",
        conditions=[
            (ConditionKind.NO_CRIME, "Inga nya brott."),
            (ConditionKind.NO_DRUGS, "Inga droger."),
            (ConditionKind.DRUG_TESTS, "Drogtest varannan vecka."),
            (ConditionKind.MEETINGS, "Möte med handläggaren varje vecka."),
        ],
    )
    drug_tests = agreement.conditions.get(kind=ConditionKind.DRUG_TESTS)
    meetings = agreement.conditions.get(kind=ConditionKind.MEETINGS)
    agreements.condition_follow_up(
        actor=actor,
        case=case,
        condition=drug_tests,
        date=date(2026, 3, 24),
        kept=True,
        note="Negativt test.",
    )
    agreements.condition_follow_up(
        actor=actor,
        case=case,
        condition=drug_tests,
        date=date(2026, 4, 7),
        kept=False,
        note="Positivt för cannabis. Samtal om återfall.",
    )
    agreements.condition_follow_up(
        actor=actor,
        case=case,
        condition=meetings,
        date=date(2026, 4, 14),
        kept=True,
        note="",
    )
    _move(actor, case, CaseStatus.INSATSER)
    plans.plan_save(
        actor=actor,
        case=case,
        goals="Tryggt boende utanför länet. Skuldsanering påbörjad. Studier på komvux hösten 2026.",
    )
    for kind, provider, start, end, status, decided, actual in [
        (
            InterventionType.PROTECTED_HOUSING,
            "Skyddat boende AB (fiktivt)",
            date(2026, 3, 1),
            date(2026, 6, 30),
            InterventionStatus.COMPLETED,
            "180000",
            "165400",
        ),
        (
            InterventionType.RELOCATION,
            "Socialtjänsten",
            date(2026, 7, 1),
            None,
            InterventionStatus.ONGOING,
            "45000",
            "38250.50",
        ),
        (
            InterventionType.DEBT_COUNSELLING,
            "Kommunens budget- och skuldrådgivning",
            date(2026, 4, 1),
            None,
            InterventionStatus.ONGOING,
            "0",
            None,
        ),
        (
            InterventionType.STUDIES,
            "Komvux",
            date(2026, 8, 17),
            None,
            InterventionStatus.ONGOING,
            "12000",
            "6000",
        ),
        (
            InterventionType.TATTOO_REMOVAL,
            "Hudkliniken (fiktiv)",
            None,
            None,
            InterventionStatus.PLANNED,
            "24000",
            None,
        ),
    ]:
        plans.intervention_add(
            actor=actor,
            case=case,
            type=kind,
            provider=provider,
            start_on=start,
            end_on=end,
            status=status,
            decided_cost=Decimal(decided),
            actual_cost=Decimal(actual) if actual else None,
            notes="",
        )
    entries = _journal(
        actor,
        case,
        [
            (
                date(2026, 1, 12),
                "Första samtal efter kontakt från polisen. Adam vill lämna "
                "nätverket och är rädd för repressalier.",
            ),
            (date(2026, 2, 20), "Kartläggning klar tillsammans med Adam."),
            (date(2026, 3, 10), "Överenskommelsen undertecknad. Flytt till skyddat boende."),
            (date(2026, 4, 7), "Återfall i cannabis. Vi kom överens om tätare drogtester."),
        ],
    )
    correction = journal.journal_entry_correct(
        actor=actor,
        case=case,
        entry=entries[2],
        occurred_on=date(2026, 3, 10),
        text="Rättelse: flytten till skyddat boende skedde den 1 mars, inte den 10 mars.",
    )
    journal.journal_entry_sign(actor=actor, case=case, entry=correction)
    journal.journal_entry_create(
        actor=actor,
        case=case,
        occurred_on=today,
        text="Utkast: planering inför uppföljningsmötet med komvux.",
    )
    case_tasks.task_add(
        actor=actor,
        case=case,
        title="Boka uppföljningsmöte med komvux",
        due_on=today + timedelta(days=2),
        assigned_to=actor.user,
    )
    case_tasks.task_add(
        actor=actor,
        case=case,
        title="Förnya samtycket till Kronofogden",
        due_on=today + timedelta(days=14),
    )
    persons.contact_add(
        actor=actor,
        case=case,
        relation=Relation.PARENT,
        name="Maria Provsson",
        contact="Tel. 070-000 00 11",
        note="Vill ha stöd som anhörig.",
    )


def seed_leila(actor, case: Case) -> None:
    _move(actor, case, CaseStatus.KARTLAGGNING)
    mapping.mapping_save(
        actor=actor,
        case=case,
        threat_level=ThreatIndication.MEDIUM,
        threat_notes="Tidigare partner i nätverket har sökt henne.",
        completed_on=None,
        needs={
            NeedArea.HOUSING: (NeedLevel.MAJOR, "Bor med skyddad folkbokföring."),
            NeedArea.SAFETY: (NeedLevel.MAJOR, ""),
            NeedArea.EDUCATION_WORK: (NeedLevel.SOME, "Vill arbeta inom vården."),
        },
    )
    consents.consent_record(
        actor=actor,
        case=case,
        agency=Agency.POLISEN,
        agency_name="",
        scope="Uppgifter om hotbilden.",
        given_on=date(2026, 2, 5),
        expires_on=None,
    )
    plans.intervention_add(
        actor=actor,
        case=case,
        type=InterventionType.PROTECTED_HOUSING,
        provider="Kvinnojouren (fiktiv)",
        start_on=date(2026, 2, 10),
        end_on=None,
        status=InterventionStatus.ONGOING,
        decided_cost=Decimal("95000"),
        actual_cost=Decimal("61200"),
        notes="",
    )
    _journal(
        actor,
        case,
        [
            (date(2026, 2, 3), "Tog själv kontakt. Samtal om trygghet och boende."),
            (date(2026, 2, 10), "Flytt till skyddat boende genomförd."),
        ],
    )


def seed_kevin(actor, case: Case) -> None:
    _journal(
        actor,
        case,
        [(date(2026, 3, 2), "Skolan hörde av sig. Samtal med Kevin och vårdnadshavare.")],
    )
    # Kevin is 16: his mother holds custody, and his consent is recorded with hers.
    persons.contact_add(
        actor=actor,
        case=case,
        relation=Relation.PARENT,
        name="Karin Exempelsson",
        contact="Tel. 070-000 00 02",
        note="Ensam vårdnadshavare.",
        has_custody=True,
    )
    consents.consent_record(
        actor=actor,
        case=case,
        agency=Agency.NGO,
        agency_name="Fryshuset Passus",
        scope="Namn och kontakt via handläggaren, för en medvandrare.",
        given_on=date(2026, 3, 9),
        expires_on=None,
        guardian_basis=GuardianBasis.GIVEN,
    )


def seed_elias(actor, case: Case, today: date) -> None:
    _move(actor, case, CaseStatus.KARTLAGGNING, CaseStatus.OVERENSKOMMELSE)
    consents.consent_record(
        actor=actor,
        case=case,
        agency=Agency.KRIMINALVARDEN,
        agency_name="",
        scope="Samordning inför frigivning.",
        given_on=date(2026, 1, 22),
        expires_on=date(2026, 12, 31),
    )
    agreements.agreement_create(
        actor=actor,
        case=case,
        signed_on=date(2026, 2, 15),
        valid_until=None,
        notes="",
        conditions=[
            (ConditionKind.NO_CRIME, "Inga nya brott."),
            (ConditionKind.MEETINGS, "Träffa mentorn varje vecka."),
        ],
    )
    plans.intervention_add(
        actor=actor,
        case=case,
        type=InterventionType.MENTOR,
        provider="Exit (fiktivt)",
        start_on=date(2026, 2, 20),
        end_on=None,
        status=InterventionStatus.ONGOING,
        decided_cost=Decimal("30000"),
        actual_cost=Decimal("22500"),
        notes="",
    )
    _journal(
        actor,
        case,
        [(date(2026, 1, 20), "Kontakt via Kriminalvården. Elias vill lämna rörelsen.")],
    )


def seed_emergency_access(case: Case) -> None:
    """A colleague's emergency access to Adam's case, with the note of what she did, for the
    log review and the team to find.

    Granted and noted through the services, then ended at once: the times shown are the
    times in the audit log (the seeding), and the colleague does not hold the case open."""
    from django.utils import timezone

    colleague = actor_for(User.objects.get(email="handlaggare2@huddinge.example"))
    access = emergency.emergency_access_grant(
        actor=colleague,
        reference=case.reference,
        reason="Jourtelefonen: Adam ringde och behövde hjälp, handläggaren var sjuk.",
    )
    opened = Case.objects.get(pk=case.pk)
    emergency.emergency_note_add(
        actor=colleague,
        case=opened,
        text="Läste hotbilden och gav Adam numret till socialjouren för kvällen.",
    )
    EmergencyAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now())
