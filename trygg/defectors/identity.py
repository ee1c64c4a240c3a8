"""Identity numbers and how a person is shown: masked when the identity is protected."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from personnummer.personnummer import Personnummer, PersonnummerException

from trygg.defectors.constants import Protection

PROTECTED_IDENTITY = gettext_lazy("Protected identity")
COORDINATION_DAY_OFFSET = 60


def normalise_identity_number(value: str) -> str:
    """A personnummer or samordningsnummer as 12 digits (YYYYMMDDNNNN), or ValidationError."""
    try:
        return Personnummer(value.strip()).format(long_format=True)
    except (PersonnummerException, ValueError, TypeError) as error:
        raise ValidationError(
            _(
                "Enter a valid personal identity number or coordination number, "
                "for example YYYYMMDD-NNNN."
            ),
            code="invalid",
        ) from error


def birth_day_of(identity_number: str) -> int:
    """The day of the month of birth (a samordningsnummer has 60 added to the day)."""
    day = int(identity_number[6:8])
    return day - COORDINATION_DAY_OFFSET if day > COORDINATION_DAY_OFFSET else day


ADULT_AGE = 18


def age_on(identity_number: str, day) -> int | None:
    """Whole years of age on ``day`` from a 12-digit identity number (a samordningsnummer has
    60 added to the day of birth); None without a number."""
    if not identity_number or len(identity_number) < 8:
        return None
    year, month = int(identity_number[:4]), int(identity_number[4:6])
    birth_day = birth_day_of(identity_number)
    return day.year - year - ((day.month, day.day) < (month, birth_day))


def is_child_on(person, day) -> bool:
    """Under 18 on ``day``, as far as the identity number tells (no number: not known)."""
    age = age_on(person.identity_number, day) if person is not None else None
    return age is not None and age < ADULT_AGE


def formatted_identity_number(identity_number: str) -> str:
    return f"{identity_number[:8]}-{identity_number[8:]}" if identity_number else ""


def is_protected(person) -> bool:
    return person is not None and person.protection != Protection.NONE


def display_name(person, *, reveal: bool = False) -> str:
    """The name to show; "Protected identity" for a protected person unless revealed.

    Lists always call it without ``reveal``; only the case page, after a team member
    chose to show the identity (an audited request), passes ``reveal=True``.
    """
    if person is None:
        return str(gettext_lazy("Anonymous contact"))
    if is_protected(person) and not reveal:
        return str(PROTECTED_IDENTITY)
    name = " ".join(part for part in (person.given_name, person.family_name) if part)
    return name or person.reserve_id or str(gettext_lazy("Not yet identified"))
