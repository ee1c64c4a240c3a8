"""Scale data for the defector programme's benchmark pages (`make bench`).

Twenty thousand cases in one unit (each with an encrypted person, an intake and an
intervention; a quarter of them closed), five thousand in a unit of each of the other seven
Södertörn municipalities (the regional analyst's statistics: 8 municipalities), one demo case
with 200 journal entries, and an
audit log of millions of events written straight through the database cursor, chained
like the real log, with case views, emergency-access events and night-time access mixed in
so the log review's filters have something to find.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal

SCALE_CASES = 20_000
REGION_CASES = 5_000  # in each of the other seven Södertörn municipalities
JOURNAL_ENTRIES = 200


def add_defector_scale_data(*, cases: int = SCALE_CASES, region_cases: int = REGION_CASES) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from trygg.accounts.models import User
    from trygg.defectors.models import JournalEntry
    from trygg.organisations.models import Organisation

    unit = Organisation.objects.get(
        name="Enheten för avhopparverksamhet", municipality__scb_code="0126"
    )
    officer = User.objects.get(email="handlaggare@huddinge.example")
    with transaction.atomic():
        _add_cases(unit, cases, prefix="2020")
        for municipality in Organisation.objects.filter(kind="kommun").exclude(
            pk=unit.municipality_id
        ):
            region_unit, _created = Organisation.objects.get_or_create(
                municipality=municipality,
                name="Bänkenheten för avhopparverksamhet",
                defaults={"kind": "enhet", "parent": municipality},
            )
            _add_cases(region_unit, region_cases, prefix="2021")
        now = timezone.now()
        journal_case = journal_demo_case()
        JournalEntry.objects.bulk_create(
            JournalEntry(
                case=journal_case,
                author=officer,
                occurred_on=date.today() - timedelta(days=i),
                text=f"Samtal nummer {i}. " + "Uppföljning av planen och insatserna. " * 8,
                signed_at=now,
            )
            for i in range(JOURNAL_ENTRIES)
        )
    return {
        "defector_cases": cases,
        "defector_cases_per_other_municipality": region_cases,
        "journal_entries": JOURNAL_ENTRIES,
    }


def journal_demo_case():
    """The demo case of Adam Provsson (the case officer's first demo case)."""
    from trygg.core.fields import blind_lookup
    from trygg.defectors.identity import normalise_identity_number
    from trygg.defectors.models import Case, Person

    digest = blind_lookup(Person, "identity_index", normalise_identity_number("19970412-2382"))
    return Case.objects.get(person__identity_index=digest)


def add_audit_events(*, count: int, huddinge, users: list, units: list) -> int:
    """``count`` chained audit events over the past year, through the cursor (fast).

    One in five is a case view or a case section view by a case officer, one in a thousand
    happens under an emergency access, and the clock runs round the day, so a third falls
    out of office hours.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from trygg.audit import chain
    from trygg.audit.models import AuditEvent
    from trygg.defectors.models import Case

    case_ids = list(Case.objects.filter(municipality=huddinge).values_list("pk", flat=True)[:5000])
    last = AuditEvent.objects.order_by("-id").first()
    prev_hash = last.hash
    start = timezone.now() - timedelta(days=365)
    step = timedelta(days=365) / max(count, 1)
    columns = "at, action, actor_id, organisation_id, municipality_id, target_type, target_id"
    sql = (
        f"INSERT INTO {AuditEvent._meta.db_table} ({columns}, payload, prev_hash, hash) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    other = ["accounts.login.success", "accounts.session.end", "core.permission.deny"]
    adapt = connection.ops.adapt_datetimefield_value
    rows = []
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(count):
            at = start + step * i
            user = users[i % len(users)]
            payload: dict = {}
            if i % 5 == 0 and case_ids:
                action = "defectors.case.view" if i % 10 == 0 else "defectors.journal.list"
                target_type, target_id = "defectors.case", str(case_ids[i % len(case_ids)])
                if i % 1000 == 0:
                    payload = {"emergency": i}
            else:
                action = other[i % 3]
                target_type, target_id = "accounts.user", str(user)
            fields = {
                "at": at,
                "action": action,
                "actor_id": user,
                "organisation_id": units[i % len(units)],
                "municipality_id": huddinge.pk,
                "target_type": target_type,
                "target_id": target_id,
                "payload": payload,
            }
            digest = chain.event_hash(prev_hash, chain.content(**fields))
            rows.append(
                (
                    adapt(at),
                    action,
                    user,
                    fields["organisation_id"],
                    huddinge.pk,
                    target_type,
                    target_id,
                    json.dumps(payload),
                    prev_hash,
                    digest,
                )
            )
            prev_hash = digest
            if len(rows) == 20_000:
                cursor.executemany(sql, rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)
    return count


def _add_cases(unit, cases: int, *, prefix: str) -> None:
    """``cases`` cases in ``unit``, each with a person, an intake and an intervention."""
    from django.utils import timezone

    from trygg.defectors.constants import (
        CaseStatus,
        GroupType,
        InterventionStatus,
        InterventionType,
        Outcome,
        ReferralSource,
        ThreatIndication,
    )
    from trygg.defectors.models import Case, Intake, Intervention, Person

    rng = random.Random(2026 + unit.pk)
    now = timezone.now()
    statuses = [s for s in CaseStatus.values if s != CaseStatus.AVSLUTAT]
    people = Person.objects.bulk_create(
        (
            Person(
                municipality_id=unit.municipality_id,
                given_name=f"Skal{i}",
                family_name="Testperson",
                identity_number="",
                reserve_id=f"R-{prefix}-{i:05d}",
                contact="",
                birth_day=rng.randint(1, 28),
            )
            for i in range(cases)
        ),
        batch_size=2000,
    )
    batch = []
    for i, person in enumerate(people):
        opened = now - timedelta(days=rng.randint(30, 2000))
        closed = i % 4 == 0
        batch.append(
            Case(
                municipality_id=unit.municipality_id,
                unit=unit,
                person=person,
                reference=f"AV-{prefix}-{i:05d}",
                status=CaseStatus.AVSLUTAT if closed else statuses[i % len(statuses)],
                outcome=Outcome.values[i % len(Outcome.values)] if closed else "",
                opened_at=opened,
                closed_at=opened + timedelta(days=rng.randint(20, 700)) if closed else None,
                last_entry_at=opened + timedelta(days=10),
            )
        )
    created = Case.objects.bulk_create(batch, batch_size=2000)
    Intake.objects.bulk_create(
        (
            Intake(
                case=case,
                municipality_id=case.municipality_id,
                date=case.opened_at.date(),
                source=ReferralSource.values[i % len(ReferralSource.values)],
                group_type=GroupType.values[i % len(GroupType.values)],
                threat_indication=ThreatIndication.values[i % len(ThreatIndication.values)],
                motivation_notes="",
            )
            for i, case in enumerate(created)
        ),
        batch_size=2000,
    )
    Intervention.objects.bulk_create(
        (
            Intervention(
                case=case,
                municipality_id=case.municipality_id,
                type=InterventionType.values[i % len(InterventionType.values)],
                provider="Skalad leverantör",
                start_on=case.opened_at.date(),
                status=InterventionStatus.ONGOING,
                decided_cost=Decimal(rng.randint(1, 200) * 1000),
                actual_cost=Decimal(rng.randint(1, 200) * 900),
                notes="",
            )
            for i, case in enumerate(created)
        ),
        batch_size=2000,
    )
