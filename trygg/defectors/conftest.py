"""The demo people and accounts (seed_demo), and helpers to find their cases."""

import pytest

from tests.demo_data import load_demo
from trygg.accounts.models import User
from trygg.core.fields import blind_lookup
from trygg.defectors.identity import normalise_identity_number
from trygg.defectors.models import Case, Person
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD

ADAM = "19970412-2382"
LEILA = "20010923-4179"
KEVIN = "20100823-1464"
ELIAS = "20050617-3095"
MILAN = "19881130-6524"
NOAH = "19930205-7717"
DEMO_NUMBERS = [ADAM, LEILA, KEVIN, ELIAS, MILAN, NOAH]
DEMO_NAMES = [
    "Provsson",
    "Testdotter",
    "Exempelsson",
    "Fiktivsson",
    "Demosson",
    "Leila",
    "Elias",
]


HUDDINGE_NAMES = ["Provsson", "Testdotter", "Exempelsson", "Demosson", "Leila"]
HUDDINGE_NUMBERS = [ADAM, LEILA, KEVIN, MILAN, NOAH]


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
    """The demo people and accounts, the cases at intake (and the two closed in 2019).

    The fund's demo (decision letters as PDFs) is left out: it is slow and not needed here.
    The case files' demo content is left out too: these tests build what they need."""
    load_demo(without_fund=True, without_case_files=True)


@pytest.fixture
def demo_case_files(huddinge, botkyrka, settings):
    """The demo with the case files filled in (mapping, consents, journal...), as in `make run`."""
    load_demo(without_fund=True)


@pytest.fixture
def as_demo_full(login, demo_case_files):
    def do(email: str):
        return login(User.objects.get(email=email), DEMO_PASSWORD)

    return do


@pytest.fixture
def as_demo(login, demo):
    """as_demo("chef@huddinge.example") -> a client logged in as that demo account."""

    def do(email: str):
        return login(User.objects.get(email=email), DEMO_PASSWORD)

    return do
