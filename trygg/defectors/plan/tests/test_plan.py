"""The support plan and its interventions: writes, validation, cost totals, refusals, audit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.tests.test_services import demo_actor
from trygg.defectors.conftest import ADAM, KEVIN, case_of, personal_fragments
from trygg.defectors.constants import CaseStatus, InterventionStatus, InterventionType
from trygg.defectors.models import Case, Intervention, SupportPlan
from trygg.defectors.plan import services as plans
from trygg.defectors.plan.forms import InterventionForm, KronorField

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
PROVIDER = "Stödboende Solrosen"
NOTE = "Flytt planerad under våren"


def add(case, actor=None, **overrides):
    fields = {
        "type": InterventionType.MENTOR,
        "provider": PROVIDER,
        "start_on": date(2026, 3, 1),
        "end_on": None,
        "status": InterventionStatus.ONGOING,
        "decided_cost": Decimal("12500.50"),
        "actual_cost": None,
        "notes": NOTE,
    }
    return plans.intervention_add(
        actor=actor or demo_actor(TEAM), case=case, **{**fields, **overrides}
    )


def form_data(**overrides):
    data = {
        "type": "protected_housing",
        "provider": PROVIDER,
        "start_on": "2026-03-01",
        "end_on": "",
        "status": "ongoing",
        "decided_cost": "12 500,50",
        "actual_cost": "",
        "notes": NOTE,
    }
    return {**data, **overrides}


def close(case):
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AVSLUTAT, closed_at=timezone.now(), outcome="completed"
    )
    case.refresh_from_db()


# --- Swedish amounts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12 500,50", Decimal("12500.50")),
        ("12\u00a0500,5", Decimal("12500.5")),
        ("12500.50", Decimal("12500.50")),
        ("12.500,50", Decimal("12500.50")),
        ("12 500 kr", Decimal("12500")),
        ("12 500:-", Decimal("12500")),
        ("0", Decimal("0")),
        ("", None),
    ],
)
def test_kronor_field_accepts_swedish_input(typed, expected):
    assert KronorField().clean(typed) == expected


@pytest.mark.parametrize("typed", ["12,505", "-100", "\u2212100", "tolv", "1,2,3", "1e5x"])
def test_kronor_field_refuses_what_is_not_kronor_and_ore(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        KronorField().clean(typed)


def test_form_shows_a_saved_cost_with_a_decimal_comma():
    intervention = Intervention(
        type="mentor", status="planned", decided_cost=Decimal("12500.50"), notes=""
    )
    with timezone.override("Europe/Stockholm"):
        from django.utils import translation

        with translation.override("sv"):
            html = str(InterventionForm.for_intervention(intervention)["decided_cost"])
    assert 'value="12500,50"' in html


# --- services ----------------------------------------------------------------------------


def test_team_adds_an_intervention_and_the_audit_holds_ids_and_codes_only(demo):
    case = case_of(ADAM)
    before = case.last_entry_at
    intervention = add(case)
    assert intervention.decided_cost == Decimal("12500.50")
    event = AuditEvent.objects.filter(action="defectors.intervention.create").latest("id")
    assert event.payload == {"intervention": intervention.pk, "type": "mentor"}
    assert event.target_id == str(case.pk)
    case.refresh_from_db()
    assert case.last_entry_at > before


def test_update_records_the_names_of_the_changed_fields(demo):
    case = case_of(ADAM)
    intervention = add(case)
    changed = plans.intervention_update(
        actor=demo_actor(TEAM),
        case=case,
        intervention=intervention,
        type=InterventionType.MENTOR,
        provider="Annan utförare",
        start_on=date(2026, 3, 1),
        end_on=date(2026, 6, 1),
        status=InterventionStatus.COMPLETED,
        decided_cost=Decimal("12500.5"),  # the same amount, written differently
        actual_cost=Decimal("9000"),
        notes=NOTE,
    )
    assert changed == ["provider", "end_on", "status", "actual_cost"]
    event = AuditEvent.objects.filter(action="defectors.intervention.update").latest("id")
    assert event.payload == {"intervention": intervention.pk, "changed": changed}
    intervention.refresh_from_db()
    assert intervention.actual_cost == Decimal("9000.00")
    assert intervention.provider == "Annan utförare"


def test_update_without_changes_writes_nothing(demo):
    case = case_of(ADAM)
    intervention = add(case)
    events = AuditEvent.objects.count()
    values = {name: getattr(intervention, name) for name in plans.INTERVENTION_FIELDS}
    assert (
        plans.intervention_update(
            actor=demo_actor(TEAM), case=case, intervention=intervention, **values
        )
        == []
    )
    assert AuditEvent.objects.count() == events


def test_plan_goals_are_saved_encrypted_and_audited(demo):
    case = case_of(ADAM)
    plan = plans.plan_save(actor=demo_actor(TEAM), case=case, goals="  Eget boende till hösten ")
    plan = plans.plan_save(actor=demo_actor(TEAM), case=case, goals=plan.goals + ", och jobb")
    assert SupportPlan.objects.get(case=case).goals == "Eget boende till hösten, och jobb"
    events = AuditEvent.objects.filter(action="defectors.plan.update", target_id=str(case.pk))
    assert [e.payload for e in events] == [{"plan": plan.pk}, {"plan": plan.pk}]
    with connection.cursor() as cursor:
        cursor.execute("SELECT goals FROM defectors_supportplan WHERE id = %s", [plan.pk])
        assert "Eget boende" not in cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_on": date(2026, 3, 1), "end_on": date(2026, 2, 28)}, "end_on"),
        ({"status": InterventionStatus.COMPLETED, "end_on": None}, "end_on"),
        ({"decided_cost": Decimal("-1")}, "decided_cost"),
        ({"actual_cost": Decimal("10.005")}, "actual_cost"),
        ({"actual_cost": Decimal("10000000000")}, "actual_cost"),
        ({"decided_cost": "tolv"}, "decided_cost"),
        ({"type": "teleportation"}, "type"),
        ({"status": "forgotten"}, "status"),
    ],
)
def test_invalid_intervention_is_refused_next_to_its_field(demo, overrides, field):
    case = case_of(ADAM)
    with pytest.raises(ApplicationError) as refused:
        add(case, **overrides)
    assert refused.value.field == field
    assert not Intervention.objects.filter(case=case).exists()


def test_completed_with_an_end_date_is_accepted(demo):
    intervention = add(case_of(ADAM), status=InterventionStatus.COMPLETED, end_on=date(2026, 4, 1))
    assert intervention.status == InterventionStatus.COMPLETED


@pytest.mark.parametrize(
    "email",
    [
        "handlaggare2@huddinge.example",
        "chef@huddinge.example",
        "handlaggare@botkyrka.example",
        "admin@huddinge.example",
        "analytiker@sodertorn.example",
    ],
)
def test_writes_are_refused_to_everyone_off_the_team(demo, email):
    case = case_of(ADAM)
    outsider = demo_actor(email)
    with pytest.raises(PermissionDenied):
        add(case, actor=outsider)
    with pytest.raises(PermissionDenied):
        plans.plan_save(actor=outsider, case=case, goals="x")
    assert not Intervention.objects.filter(case=case).exists()
    assert not SupportPlan.objects.filter(case=case).exists()


def test_closed_case_is_read_only(demo):
    case = case_of(ADAM)
    intervention = add(case)
    close(case)
    with pytest.raises(PermissionDenied):
        add(case)
    with pytest.raises(PermissionDenied):
        plans.plan_save(actor=demo_actor(TEAM), case=case, goals="x")
    values = {name: getattr(intervention, name) for name in plans.INTERVENTION_FIELDS}
    with pytest.raises(PermissionDenied):
        plans.intervention_update(
            actor=demo_actor(TEAM), case=case, intervention=intervention, **{**values, "notes": "y"}
        )


# --- cost totals -------------------------------------------------------------------------


def test_cost_totals_per_case_and_per_type(demo):
    adam, kevin = case_of(ADAM), case_of(KEVIN)
    add(adam, type="mentor", decided_cost=Decimal("1000.50"), actual_cost=Decimal("800"))
    add(adam, type="mentor", decided_cost=Decimal("2000"), actual_cost=None)
    add(adam, type="relocation", decided_cost=Decimal("50000"), actual_cost=Decimal("48000.25"))
    add(adam, type="studies", decided_cost=None, actual_cost=None)
    add(kevin, type="mentor", decided_cost=Decimal("999999"), actual_cost=Decimal("999999"))

    totals = plans.cost_totals(Intervention.objects.filter(case=adam))
    assert totals.decided == Decimal("53000.50")
    assert totals.actual == Decimal("48800.25")
    by_type = {row.type: (row.count, row.decided, row.actual) for row in totals.by_type}
    assert by_type == {
        "mentor": (2, Decimal("3000.50"), Decimal("800")),
        "relocation": (1, Decimal("50000"), Decimal("48000.25")),
        "studies": (1, Decimal("0"), Decimal("0")),
    }
    # In the order of the types, so statistics and the page list them the same way.
    assert [row.type for row in totals.by_type] == ["relocation", "studies", "mentor"]
    both = plans.cost_totals(Intervention.objects.filter(case__in=[adam, kevin]))
    assert both.decided == Decimal("1052999.50")


def test_cost_totals_of_no_interventions_are_zero(demo):
    totals = plans.cost_totals(Intervention.objects.filter(case=case_of(ADAM)))
    assert (totals.decided, totals.actual, totals.by_type) == (0, 0, [])


# --- pages -------------------------------------------------------------------------------


def test_plan_page_shows_interventions_and_totals_and_is_audited(as_demo):
    case = case_of(ADAM)
    add(case, decided_cost=Decimal("12500.50"), actual_cost=Decimal("1000"))
    add(case, type="relocation", decided_cost=Decimal("40000"), actual_cost=None)
    client = as_demo(TEAM)
    response = client.get(reverse("defectors:plan", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert PROVIDER in body and NOTE in body
    assert "12\u00a0500,50&nbsp;kr" in body  # Swedish: no-break space, decimal comma
    assert "52\u00a0500,50&nbsp;kr" in body  # the decided total
    assert body.count("<h1") == 1
    event = AuditEvent.objects.filter(action="defectors.plan.view").latest("id")
    assert event.target_id == str(case.pk) and event.payload == {}


def test_add_through_the_page_with_a_swedish_amount(as_demo):
    case = case_of(ADAM)
    client = as_demo(TEAM)
    response = client.post(reverse("defectors:intervention_add", args=[case.pk]), form_data())
    assert response.status_code == 302
    intervention = Intervention.objects.get(case=case)
    assert intervention.decided_cost == Decimal("12500.50")
    assert intervention.type == "protected_housing"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_on": "2026-03-01", "end_on": "2026-02-01"}, "end_on"),
        ({"status": "completed", "end_on": ""}, "end_on"),
        ({"decided_cost": "-5"}, "decided_cost"),
        ({"decided_cost": "12,505"}, "decided_cost"),
        ({"actual_cost": "mycket"}, "actual_cost"),
        ({"type": ""}, "type"),
        ({"start_on": "2026-02-31"}, "start_on"),
    ],
)
def test_refused_form_shows_the_error_next_to_the_field(as_demo, overrides, field):
    case = case_of(ADAM)
    client = as_demo(TEAM)
    response = client.post(
        reverse("defectors:intervention_add", args=[case.pk]), form_data(**overrides)
    )
    assert response.status_code == 200
    assert f'id="id_{field}_error"'.encode() in response.content
    assert b'id="error-summary"' in response.content
    assert not Intervention.objects.filter(case=case).exists()
    # The page was shown again, with the case file: audited as a view.
    assert AuditEvent.objects.filter(action="defectors.plan.view", target_id=str(case.pk))


def test_goals_through_the_page(as_demo):
    case = case_of(ADAM)
    client = as_demo(TEAM)
    response = client.post(reverse("defectors:plan_goals", args=[case.pk]), {"goals": "Mål A"})
    assert response.status_code == 302
    assert "Mål A" in client.get(reverse("defectors:plan", args=[case.pk])).content.decode()


def test_edit_page_changes_an_intervention(as_demo):
    case = case_of(ADAM)
    intervention = add(case)
    client = as_demo(TEAM)
    url = reverse("defectors:intervention_edit", args=[case.pk, intervention.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="12500,50"' in page.content.decode()
    viewed = AuditEvent.objects.filter(action="defectors.intervention.view").latest("id")
    assert viewed.payload == {"intervention": intervention.pk}
    response = client.post(
        url, form_data(type="mentor", status="completed", end_on="2026-05-31", actual_cost="9 000")
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == "completed" and intervention.actual_cost == Decimal("9000")


def test_edit_refused_form_keeps_the_intervention(as_demo):
    case = case_of(ADAM)
    intervention = add(case)
    client = as_demo(TEAM)
    url = reverse("defectors:intervention_edit", args=[case.pk, intervention.pk])
    response = client.post(url, form_data(type="mentor", status="completed", end_on=""))
    assert response.status_code == 200
    assert b'id="id_end_on_error"' in response.content
    intervention.refresh_from_db()
    assert intervention.status == "ongoing"


def test_intervention_of_another_case_is_not_found(as_demo):
    adam, kevin = case_of(ADAM), case_of(KEVIN)
    intervention = add(kevin)
    client = as_demo(TEAM)
    url = reverse("defectors:intervention_edit", args=[adam.pk, intervention.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404


def test_closed_case_shows_the_plan_without_forms_and_refuses_posts(as_demo):
    case = case_of(ADAM)
    intervention = add(case)
    close(case)
    client = as_demo(TEAM)
    page = client.get(reverse("defectors:plan", args=[case.pk]))
    assert page.status_code == 200
    assert b'name="goals"' not in page.content and b'name="provider"' not in page.content
    edit_url = reverse("defectors:intervention_edit", args=[case.pk, intervention.pk])
    edit = client.get(edit_url)
    assert edit.status_code == 200 and b'name="provider"' not in edit.content
    assert client.post(edit_url, form_data()).status_code == 403
    add_url = reverse("defectors:intervention_add", args=[case.pk])
    assert client.post(add_url, form_data()).status_code == 403
    goals_url = reverse("defectors:plan_goals", args=[case.pk])
    assert client.post(goals_url, {"goals": "x"}).status_code == 403


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("handlaggare2@huddinge.example", 404),
        ("chef@huddinge.example", 404),
        ("handlaggare@botkyrka.example", 404),
        ("admin@huddinge.example", 403),
        ("analytiker@sodertorn.example", 403),
        ("logggranskare@huddinge.example", 403),
    ],
)
def test_pages_are_refused_off_the_team_without_personal_data(as_demo, email, status):
    case = case_of(ADAM)
    intervention = add(case)
    plans.plan_save(actor=demo_actor(TEAM), case=case, goals="Hemligt mål")
    client = as_demo(email)
    requests = [
        ("get", reverse("defectors:plan", args=[case.pk]), {}),
        ("post", reverse("defectors:plan_goals", args=[case.pk]), {"goals": "x"}),
        ("post", reverse("defectors:intervention_add", args=[case.pk]), form_data()),
        ("get", reverse("defectors:intervention_edit", args=[case.pk, intervention.pk]), {}),
        (
            "post",
            reverse("defectors:intervention_edit", args=[case.pk, intervention.pk]),
            form_data(provider="Ändrad"),
        ),
    ]
    fragments = [
        *personal_fragments(huddinge_only=email == "handlaggare@botkyrka.example"),
        PROVIDER.encode(),
        NOTE.encode(),
        "Hemligt mål".encode(),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code == status, (email, url)
        assert [f for f in fragments if f in response.content] == [], (email, url)
    assert Intervention.objects.filter(case=case).count() == 1
    intervention.refresh_from_db()
    assert intervention.provider == PROVIDER
    assert SupportPlan.objects.get(case=case).goals == "Hemligt mål"
    assert not AuditEvent.objects.filter(
        action__in=["defectors.plan.view", "defectors.intervention.view"],
        actor_id=User.objects.get(email=email).pk,
    ).exists()


def test_plan_page_queries_do_not_grow_with_the_interventions(as_demo):
    case = case_of(ADAM)
    add(case)
    client = as_demo(TEAM)
    url = reverse("defectors:plan", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index, kind in enumerate(InterventionType.values * 2):
        add(case, type=kind, decided_cost=Decimal(index * 100), actual_cost=Decimal(index))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["interventions"]) == 1 + 2 * len(InterventionType.values)
    assert len(many) == len(few)
    assert len(many) <= 25
