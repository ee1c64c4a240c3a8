"""The unit manager decides a case's team from the unit's list, without opening the case:
new intakes wait for a team (the officer who took the intake is its team until then)."""

import pytest
from django.urls import reverse

from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.defectors.cases.tests.test_services import intake
from trygg.defectors.conftest import ADAM, case_of, personal_fragments
from trygg.defectors.models import Case

pytestmark = pytest.mark.django_db

CHIEF = "chef@huddinge.example"
OFFICER = "handlaggare@huddinge.example"
COLLEAGUE = "handlaggare2@huddinge.example"
BOTKYRKA_OFFICER = "handlaggare@botkyrka.example"


def new_intake() -> Case:
    return intake(actor_for(User.objects.get(email=COLLEAGUE)), identity_number="")


def test_a_new_intake_waits_for_the_managers_team_decision(as_demo):
    case = new_intake()
    assert case.team_decided_at is None
    chief = as_demo(CHIEF)
    start = chief.get("/").content.decode()
    assert "Nya ärenden som väntar på att du bestämmer teamet" in start
    waiting = chief.get(reverse("defectors:case_list") + "?team=waiting").content.decode()
    assert case.reference in waiting
    assert case_of(ADAM).reference not in waiting  # decided long ago


def test_the_manager_adds_and_removes_without_seeing_the_person(as_demo):
    case = new_intake()
    chief = as_demo(CHIEF)
    team_url = reverse("defectors:case_team", args=[case.pk])
    page = chief.get(team_url)
    assert page.status_code == 200
    assert [f for f in personal_fragments() if f in page.content] == []
    officer = User.objects.get(email=OFFICER)
    colleague = User.objects.get(email=COLLEAGUE)
    response = chief.post(team_url, {"user": officer.pk}, follow=True)
    assert "Handläggaren har lagts till i teamet" in response.content.decode()
    case.refresh_from_db()
    assert case.team_decided_at is not None
    assert set(case.team.values_list("user_id", flat=True)) == {officer.pk, colleague.pk}
    chief.post(reverse("defectors:case_team_remove", args=[case.pk, colleague.pk]))
    assert list(case.team.values_list("user_id", flat=True)) == [officer.pk]
    # The last person is not taken off an open case.
    response = chief.post(
        reverse("defectors:case_team_remove", args=[case.pk, officer.pk]), follow=True
    )
    assert "minst en person" in response.content.decode()
    assert list(case.team.values_list("user_id", flat=True)) == [officer.pk]
    actions = set(
        AuditEvent.objects.filter(
            target_id=str(case.pk), action__startswith="defectors.team."
        ).values_list("action", flat=True)
    )
    assert {"defectors.team.view", "defectors.team.add", "defectors.team.remove"} <= actions
    # The manager still does not open the case.
    assert chief.get(reverse("defectors:case_detail", args=[case.pk])).status_code == 404


def test_keeping_the_team_ends_the_wait(as_demo):
    case = new_intake()
    chief = as_demo(CHIEF)
    chief.post(reverse("defectors:case_team_decide", args=[case.pk]))
    case.refresh_from_db()
    assert case.team_decided_at is not None
    assert AuditEvent.objects.filter(action="defectors.team.decide", target_id=str(case.pk))


@pytest.mark.parametrize("email", [OFFICER, COLLEAGUE, BOTKYRKA_OFFICER])
def test_only_the_manager_of_the_unit_reaches_the_team_page(as_demo, email):
    case = new_intake()
    client = as_demo(email)
    before = AuditEvent.objects.filter(action="core.permission.deny").count()
    assert client.get(reverse("defectors:case_team", args=[case.pk])).status_code == 404
    officer = User.objects.get(email=OFFICER)
    client.post(reverse("defectors:case_team", args=[case.pk]), {"user": officer.pk})
    assert not case.team.filter(user=officer).exists()
    assert AuditEvent.objects.filter(action="core.permission.deny").count() > before
