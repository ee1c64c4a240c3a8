"""The permission matrix of the module's first pages, answer by answer, with the demo people
and accounts. Every other URL is swept in test_permission_sweep.py."""

import pytest
from django.urls import reverse

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.defectors.conftest import ADAM, case_of, personal_fragments

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
COLLEAGUE = "handlaggare2@huddinge.example"
CHIEF = "chef@huddinge.example"
OTHER_MUNICIPALITY = "handlaggare@botkyrka.example"
OUTSIDERS = [
    "admin@huddinge.example",
    "samordnare@huddinge.example",
    "ekonomi@huddinge.example",
    "granskare@huddinge.example",
    "sokande@huddinge.example",
    "bolag@huddinge.example",
    "logggranskare@huddinge.example",
    "analytiker@sodertorn.example",
]


def requests_for(case_id: int) -> list[tuple[str, str, str]]:
    """(name, method, path) for every URL of the module."""
    return [
        ("case_list", "get", reverse("defectors:case_list")),
        ("intake_form", "get", reverse("defectors:intake_create")),
        ("intake_post", "post", reverse("defectors:intake_create")),
        ("case_detail", "get", reverse("defectors:case_detail", args=[case_id])),
        ("reveal", "post", reverse("defectors:reveal", args=[case_id])),
        ("team", "post", reverse("defectors:case_team", args=[case_id])),
    ]


EXPECTED = {
    # The team member may do everything but decide the team (that is the unit manager's,
    # on a page of its own that never shows the person).
    TEAM: {
        "case_list": 200,
        "intake_form": 200,
        "intake_post": 200,
        "case_detail": 200,
        "reveal": 200,
        "team": 404,
    },
    # Not on the team: the case does not exist for them.
    COLLEAGUE: {
        "case_list": 200,
        "intake_form": 200,
        "intake_post": 200,
        "case_detail": 404,
        "reveal": 404,
        "team": 404,
    },
    CHIEF: {
        "case_list": 200,
        "intake_form": 200,
        "intake_post": 200,
        "case_detail": 404,
        "reveal": 404,
        "team": 200,  # the form again, naming the missing choice
    },
    OTHER_MUNICIPALITY: {
        "case_list": 200,
        "intake_form": 200,
        "intake_post": 200,
        "case_detail": 404,
        "reveal": 404,
        "team": 404,
    },
    **{
        email: dict.fromkeys(
            ["case_list", "intake_form", "intake_post", "case_detail", "reveal", "team"], 403
        )
        for email in OUTSIDERS
    },
}


@pytest.mark.parametrize("email", list(EXPECTED))
def test_permission_matrix(as_demo, email):
    client = as_demo(email)
    case = case_of(ADAM)
    for name, method, path in requests_for(case.pk):
        response = getattr(client, method)(path)
        assert response.status_code == EXPECTED[email][name], (email, name)
        if email != TEAM:
            # Botkyrka's case officer sees their own person; never Huddinge's.
            fragments = personal_fragments(huddinge_only=email == OTHER_MUNICIPALITY)
            leaked = [f for f in fragments if f in response.content]
            assert leaked == [], (email, name, leaked)


@pytest.mark.parametrize("email", [COLLEAGUE, OTHER_MUNICIPALITY, *OUTSIDERS])
def test_case_is_absent_from_the_list_of_those_not_on_the_team(as_demo, email):
    client = as_demo(email)
    case = case_of(ADAM)
    response = client.get(reverse("defectors:case_list"))
    assert case.reference.encode() not in response.content or email == OTHER_MUNICIPALITY
    assert reverse("defectors:case_detail", args=[case.pk]).encode() not in response.content


def test_other_municipality_list_holds_only_its_own_cases(as_demo):
    client = as_demo(OTHER_MUNICIPALITY)
    client.get(reverse("defectors:case_list"))
    event = AuditEvent.objects.filter(action="defectors.case.list").latest("id")
    assert case_of(ADAM).pk not in event.payload["cases"]
    assert event.payload["cases"] == [case_of("20050617-3095").pk]


def test_chief_sees_the_unit_list_masked_without_links(as_demo):
    client = as_demo(CHIEF)
    case = case_of(ADAM)
    response = client.get(reverse("defectors:case_list"))
    assert response.status_code == 200
    assert case.reference.encode() in response.content
    assert reverse("defectors:case_detail", args=[case.pk]).encode() not in response.content
    assert not [f for f in personal_fragments() if f in response.content]


def test_chief_opening_a_case_off_the_team_is_a_404_and_is_logged(as_demo):
    client = as_demo(CHIEF)
    case = case_of(ADAM)
    response = client.get(reverse("defectors:case_detail", args=[case.pk]))
    assert response.status_code == 404
    refusal = AuditEvent.objects.filter(action="core.permission.deny").latest("id")
    assert refusal.target_id == str(case.pk)
    assert not AuditEvent.objects.filter(
        action="defectors.case.view", target_id=str(case.pk)
    ).exists()


def _probes(case_id: int) -> list[tuple[int | None, int | None]]:
    """(municipality, actor) of the refusals recorded against a case id."""
    return list(
        AuditEvent.objects.filter(
            action="core.permission.deny", target_type="defectors.case", target_id=str(case_id)
        )
        .order_by("municipality_id")
        .values_list("municipality_id", "actor_id")
    )


def test_a_colleague_probing_a_case_off_their_team_leaves_a_trace(as_demo):
    client = as_demo(COLLEAGUE)
    case = case_of(ADAM)
    for path in (
        reverse("defectors:case_detail", args=[case.pk]),
        reverse("defectors:journal", args=[case.pk]),
    ):
        assert client.get(path).status_code == 404
    colleague = User.objects.get(email=COLLEAGUE)
    assert _probes(case.pk) == [(case.municipality_id, colleague.pk)] * 2


def test_a_probe_from_another_municipality_is_in_both_logs(as_demo):
    client = as_demo(OTHER_MUNICIPALITY)
    case = case_of(ADAM)
    assert client.get(reverse("defectors:case_detail", args=[case.pk])).status_code == 404
    prober = User.objects.get(email=OTHER_MUNICIPALITY)
    botkyrka = prober.memberships.get().organisation.municipality_id
    assert sorted(_probes(case.pk)) == sorted(
        [(case.municipality_id, prober.pk), (botkyrka, prober.pk)]
    )


def test_a_probe_of_an_id_that_does_not_exist_is_recorded_too(as_demo):
    client = as_demo(COLLEAGUE)
    assert client.get(reverse("defectors:case_detail", args=[999_999])).status_code == 404
    assert len(_probes(999_999)) == 1


@pytest.mark.parametrize("name", ["case_list", "intake_form", "case_detail"])
def test_anonymous_is_sent_to_login(client, demo, name):
    path = {n: p for n, _m, p in requests_for(case_of(ADAM).pk)}[name]
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["intake_post", "reveal", "team"])
def test_anonymous_post_is_sent_to_login(client, demo, name):
    path = {n: p for n, _m, p in requests_for(case_of(ADAM).pk)}[name]
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_policy_answers_for_one_case_as_its_querysets_do(demo):
    """``visible_case`` (Python, for the case page) and ``visible | visible_by_emergency``
    (the querysets, for lists) agree for every demo user and every case, with a live and an
    expired emergency access and a joint unit's case among them."""
    from datetime import date, timedelta

    from django.utils import timezone

    from trygg.accounts.actor import actor_for
    from trygg.defectors.models import Case, CaseTeamMember, EmergencyAccess
    from trygg.defectors.policies import (
        defectors_policy,
        emergency_annotation,
        remember_team_member,
        team_member_annotation,
    )
    from trygg.organisations.models import Organisation
    from trygg.organisations.services import joint_service_create

    now = timezone.now()
    colleague = User.objects.get(email="handlaggare2@huddinge.example")
    huddinge_cases = list(Case.objects.filter(municipality__scb_code="0126").order_by("pk")[:2])
    for case, expires in zip(huddinge_cases, (now + timedelta(hours=2), now), strict=True):
        EmergencyAccess.objects.create(
            case=case,
            user=colleague,
            reason="Test",
            granted_at=now - timedelta(hours=1),
            expires_at=expires,
        )
    # Huddinge's unit serves Botkyrka by agreement and holds a case of Botkyrka's.
    officer = User.objects.get(email="handlaggare@huddinge.example")
    unit = actor_for(officer).organisation
    botkyrka = Organisation.objects.get(kind="kommun", scb_code="0127")
    admin = actor_for(User.objects.get(email="admin@huddinge.example"))
    joint_service_create(actor=admin, unit=unit, municipality=botkyrka, starts_on=date(2026, 1, 1))
    joint = Case.objects.create(
        municipality=botkyrka, unit=unit, reference="AV-2026-8888", opened_at=now
    )
    CaseTeamMember.objects.create(case=joint, user=officer)
    checked = 0
    for user in User.objects.filter(is_active=True):
        actor = actor_for(user)
        if not actor.is_authenticated:
            continue
        cases = Case.objects.all()
        listed = set(
            (
                defectors_policy.visible(actor, cases)
                | defectors_policy.visible_by_emergency(actor, cases)
            ).values_list("pk", flat=True)
        )
        if actor.organisation is None or actor.user is None:
            continue
        for case in Case.objects.annotate(
            actor_on_team=team_member_annotation(actor),
            actor_emergency=emergency_annotation(actor),
        ):
            remember_team_member(actor, case, case.actor_on_team)
            assert defectors_policy.visible_case(actor, case) == (case.pk in listed), (
                user.email,
                case.reference,
            )
            checked += 1
    assert checked > 50
