"""A new case whose person is already registered in the municipality.

That someone is in the defector programme is itself secret (26 kap. 1 § OSL), also from a
colleague outside that person's team. So the officer who registers an intake learns nothing
from the check: the case is created either way, with the same words. A match goes to the
unit manager of the new case's unit, who sees the earlier cases (reference, unit, status,
team; never the person) and decides: a matter of its own, or close the new case so the person
continues in the earlier one (``trygg.defectors.duplicates``).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from trygg.audit.services import record
from trygg.core.fields import blind_lookup
from trygg.defectors.models import Case, CaseTeamMember, DuplicateMatch, Person
from trygg.defectors.policies import defectors_policy


def registered_persons(*, municipality_id: int, number: str) -> QuerySet[Person]:
    """Persons of the municipality with this (normalised) identity number; never another
    municipality's."""
    return Person.objects.filter(
        municipality_id=municipality_id,
        identity_index=blind_lookup(Person, "identity_index", number),
    )


def note_if_registered(*, actor, case: Case, person: Person) -> None:
    """In the intake's (or identification's) transaction: if the person's identity number is
    already registered, the match waits for the unit manager. The check is audited (found
    or not, never the number) for the log review; nothing of it reaches the officer."""
    if not person.identity_number:
        return
    found = (
        registered_persons(municipality_id=case.municipality_id, number=person.identity_number)
        .exclude(pk=person.pk)
        .exists()
    )
    if found:
        DuplicateMatch.objects.create(case=case, found_at=timezone.now())
    record(
        action="defectors.person.duplicate_check",
        actor=actor,
        target=case,
        payload={"found": found},
    )


def pending_of(cases: QuerySet[Case]) -> QuerySet[DuplicateMatch]:
    """Matches among these cases that wait for the unit manager."""
    return DuplicateMatch.objects.filter(case__in=cases.values("pk"), decided_at__isnull=True)


def pending_match(*, case: Case) -> DuplicateMatch | None:
    return DuplicateMatch.objects.filter(case=case, decided_at__isnull=True).first()


def earlier_cases(*, actor, case: Case) -> list[Case]:
    """The other cases of the matched person(s), for the unit manager deciding: reference,
    unit, status and team, never the person. Audited with the cases shown."""
    defectors_policy.require(actor, "assign", case)
    person = Person.objects.only("identity_number", "municipality_id").get(pk=case.person_id)
    persons = registered_persons(
        municipality_id=case.municipality_id, number=person.identity_number
    ).exclude(pk=person.pk)
    cases = list(
        Case.objects.filter(person__in=persons.values("pk"))
        .select_related("unit")
        .prefetch_related(Prefetch("team", queryset=CaseTeamMember.objects.select_related("user")))
        .order_by("opened_at")
    )
    record(
        action="defectors.duplicate.view",
        actor=actor,
        target=case,
        payload={"cases": [c.pk for c in cases]},
    )
    return cases
