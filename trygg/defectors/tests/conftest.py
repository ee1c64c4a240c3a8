"""The demo people and accounts (seed_demo), and helpers to find their cases."""

from io import StringIO

import pytest
from django.core.management import call_command

from trygg.accounts.models import User
from trygg.core.fields import blind_lookup
from trygg.core.management.commands.seed_demo import DEMO_PASSWORD
from trygg.defectors.identity import normalise_identity_number
from trygg.defectors.models import Case, Person

ADAM = "19970412-2382"
LEILA = "20010923-4179"
KEVIN = "20100823-1464"
ELIAS = "20050617-3095"
DEMO_NUMBERS = [ADAM, LEILA, KEVIN, ELIAS]
DEMO_NAMES = ["Provsson", "Testdotter", "Exempelsson", "Fiktivsson", "Leila", "Elias"]


HUDDINGE_NAMES = ["Provsson", "Testdotter", "Exempelsson", "Leila"]
HUDDINGE_NUMBERS = [ADAM, LEILA, KEVIN]


def personal_fragments(*, huddinge_only: bool = False) -> list[bytes]:
    """What must never leak: the demo names and numbers, in both number formats."""
    names, numbers = (
        (HUDDINGE_NAMES, HUDDINGE_NUMBERS) if huddinge_only else (DEMO_NAMES, DEMO_NUMBERS)
    )
    fragments = [*names, *numbers, *(n.replace("-", "") for n in numbers)]
    return [f.encode() for f in fragments]


def case_of(number: str) -> Case:
    digest = blind_lookup(Person, "identity_index", normalise_identity_number(number))
    return Case.objects.select_related("person").get(person__identity_index=digest)


@pytest.fixture
def demo(huddinge, botkyrka, settings):
    # The fund's demo (decision letters as PDFs) is left out: it is slow and not needed here.
    call_command("seed_demo", force=True, without_fund=True, stdout=StringIO())


@pytest.fixture
def as_demo(login, demo):
    """as_demo("chef@huddinge.example") -> a client logged in as that demo account."""

    def do(email: str):
        return login(User.objects.get(email=email), DEMO_PASSWORD)

    return do
