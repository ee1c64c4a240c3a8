"""The person in a case and their relatives and contacts: reads and writes.

Relatives and contacts are third parties: they are kept with the person for the case team's
work, and left out of the person's register extract. For a protected identity their details
stay masked like the person's own, since they could give away where the person lives.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.matches import note_if_registered
from trygg.defectors.cases.services import (
    _identity_number,
    next_number,
    record_case_event,
    require_edit,
    touch,
)
from trygg.defectors.constants import Protection, Relation
from trygg.defectors.identity import birth_day_of
from trygg.defectors.models import Case, Person, PersonContact

MAX_NAME_LENGTH = 100
PERSON_FIELDS = ("given_name", "family_name", "contact", "protection")


# --- Reads ------------------------------------------------------------------------------


def contacts_of(*, case: Case) -> list[PersonContact]:
    """The relatives and contacts of the case's person (none for an anonymous contact)."""
    if case.person_id is None:
        return []
    return list(PersonContact.objects.filter(person_id=case.person_id))


def contact_get(*, case: Case, contact_id: int) -> PersonContact:
    """One contact of the case's person; 404 for any other."""
    contact = (
        PersonContact.objects.filter(pk=contact_id, person_id=case.person_id).first()
        if case.person_id is not None
        else None
    )
    if contact is None:
        raise Http404
    return contact


# --- Writes -----------------------------------------------------------------------------


def _require_person(case: Case) -> Person:
    if case.person is None:
        raise ApplicationError(_("The person in this case has not been identified yet."))
    return case.person


def _name(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_NAME_LENGTH:
        raise ApplicationError(
            _("The name can be at most %(max)s characters.") % {"max": MAX_NAME_LENGTH},
            field=field,
        )
    return value


def _protection(value: str) -> str:
    value = value or Protection.NONE
    if value not in Protection.values:
        raise ApplicationError(_("Choose one of the options in the list."), field="protection")
    return value


def person_update(
    *, actor, case: Case, given_name: str, family_name: str, contact: str, protection: str
) -> Person:
    """Change the person's name, contact details and protected-data level.

    The audit event names the fields that changed, never their values.
    """
    require_edit(actor, case)
    person = _require_person(case)
    values = {
        "given_name": _name(given_name, "given_name"),
        "family_name": _name(family_name, "family_name"),
        "contact": (contact or "").strip(),
        "protection": _protection(protection),
    }
    if not (values["given_name"] or values["family_name"]) and (
        person.given_name or person.family_name
    ):
        raise ApplicationError(_("Enter the person's name."), field="given_name")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changed = [field for field in PERSON_FIELDS if getattr(person, field) != values[field]]
        for field in changed:
            setattr(person, field, values[field])
        person.full_clean()
        person.save()
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.person.update",
            person=person.pk,
            fields=changed,
        )
    case.person = person
    return person


def person_identify(
    *,
    actor,
    case: Case,
    given_name: str,
    family_name: str,
    identity_number: str,
    reserve: bool,
    protection: str,
    contact: str,
) -> Person:
    """Identify the person behind an anonymous contact: create the person in the case's
    municipality and link the case to them.

    Either an identity number or a reserve number (R-YYYY-NNNN, given here). As at intake,
    an identity number already registered goes to the unit manager (``cases.duplicates``),
    and the officer is not told.
    """
    require_edit(actor, case)
    given_name = _name(given_name, "given_name")
    family_name = _name(family_name, "family_name")
    if not (given_name or family_name):
        raise ApplicationError(_("Enter the person's name."), field="given_name")
    number = _identity_number(identity_number) if (identity_number or "").strip() else ""
    if number and reserve:
        raise ApplicationError(
            _("A person with an identity number does not need a reserve number."),
            field="reserve",
        )
    if not (number or reserve):
        raise ApplicationError(
            _("Enter the identity number, or give the person a reserve number."),
            field="identity_number",
        )
    protection = _protection(protection)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.person_id is not None:
            raise ApplicationError(_("The person in this case is already identified."))
        person = Person(
            municipality_id=case.municipality_id,
            given_name=given_name,
            family_name=family_name,
            identity_number=number,
            reserve_id=""
            if number
            else next_number(
                Person, "reserve_id", f"R-{timezone.now().year}-", case.municipality_id
            ),
            contact=(contact or "").strip(),
            protection=protection,
            birth_day=birth_day_of(number) if number else None,
        )
        person.full_clean()
        person.save()
        Case.objects.filter(pk=case.pk).update(person=person)
        case.person = person
        touch(case)
        note_if_registered(actor=actor, case=case, person=person)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.person.identify",
            person=person.pk,
            reserve=not number,
            protected=protection != Protection.NONE,
        )
    return person


def contact_add(
    *,
    actor,
    case: Case,
    relation: str,
    name: str,
    contact: str,
    note: str,
    has_custody: bool = False,
) -> PersonContact:
    """Add a relative or other contact of the case's person; ``has_custody`` marks a
    guardian (vårdnadshavare), shown on a child's case."""
    require_edit(actor, case)
    person = _require_person(case)
    if relation not in Relation.values:
        raise ApplicationError(_("Choose one of the options in the list."), field="relation")
    name = _name(name, "name")
    if not name:
        raise ApplicationError(_("Enter the name."), field="name")
    with transaction.atomic():
        added = PersonContact(
            person=person,
            relation=relation,
            name=name,
            contact=(contact or "").strip(),
            note=(note or "").strip(),
            has_custody=has_custody,
        )
        added.full_clean()
        added.save()
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.contact.create",
            person=person.pk,
            contact=added.pk,
            custody=has_custody,
        )
    return added


def contact_remove(*, actor, case: Case, contact: PersonContact) -> None:
    """Remove a relative or contact of the case's person."""
    require_edit(actor, case)
    person = _require_person(case)
    if contact.person_id != person.pk:
        raise ApplicationError(_("The contact does not belong to this person."))
    with transaction.atomic():
        contact_id = contact.pk
        contact.delete()
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.contact.delete",
            person=person.pk,
            contact=contact_id,
        )
