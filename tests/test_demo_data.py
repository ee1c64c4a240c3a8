"""The tests' demo data (tests/demo_data.py): put back, it is the same data seed_demo makes —
the same rows in every table, an audit chain that verifies, encrypted people that decrypt and
accounts that log in."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from tests import demo_data
from trygg.accounts.models import User
from trygg.audit.selectors import chain_verify
from trygg.defectors.models import Person
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

FLAGS = {"without_fund": True, "without_case_files": True}


def _counts() -> dict[str, int]:
    return {
        table: len(rows)
        for table, (_columns, rows) in demo_data._rows().items()
        if not table.endswith("version")  # kept by triggers: numbered as they were bumped
    }


def test_the_demo_put_back_is_the_demo_seeded(huddinge, botkyrka, client):
    with transaction.atomic():
        demo_data.load_demo(**FLAGS)  # kept by this process, if no test did it before
        transaction.set_rollback(True)
    assert demo_data._KEPT.get(tuple(sorted(FLAGS.items())))
    with transaction.atomic():
        call_command("seed_demo", force=True, stdout=StringIO(), **FLAGS)
        seeded = _counts()
        transaction.set_rollback(True)
    demo_data.load_demo(**FLAGS)
    assert _counts() == seeded
    checked, broken = chain_verify()
    assert checked > 0 and broken is None
    assert {person.family_name for person in Person.objects.all()} >= {"Provsson", "Testdotter"}
    user = User.objects.get(email="chef@huddinge.example")
    response = client.post("/konto/logga-in/", {"username": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
