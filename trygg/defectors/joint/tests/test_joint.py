"""Joint units: a unit of Huddinge serves Botkyrka by agreement. Its cases for Botkyrka's
people stay Botkyrka's (reference, statistics, cost, log); the unit's team works on them while
the agreement runs; Botkyrka's other staff never see them; when Botkyrka leaves, the unit no
longer reaches them and Botkyrka's unit manager takes them over."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.cases import services as cases
from trygg.defectors.constants import Protection
from trygg.defectors.joint import services as joint
from trygg.defectors.models import Case, Intervention
from trygg.organisations import services as organisations
from trygg.organisations.constants import OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(huddinge):
    social = OrganisationFactory(parent=huddinge, name="Socialnämnden, test", social_services=True)
    return OrganisationFactory(
        parent=social, kind=OrganisationKind.ENHET, name="Gemensamma enheten"
    )


@pytest.fixture
def botkyrka_unit(botkyrka):
    return OrganisationFactory(parent=botkyrka, kind=OrganisationKind.ENHET, name="Botkyrkas enhet")


@pytest.fixture
def agreement(make_user, huddinge, botkyrka, unit):
    admin = actor_for(make_user(Role.SYSTEMADMINISTRATOR, huddinge))
    return organisations.joint_service_create(
        actor=admin, unit=unit, municipality=botkyrka, starts_on=date(2026, 1, 1)
    ), admin


@pytest.fixture
def officer(make_user, unit):
    return actor_for(make_user(Role.HANDLAGGARE, unit))


def _intake(officer, municipality_id=None, name="Gemensamsson"):
    return cases.intake_create(
        actor=officer,
        given_name="Gus",
        family_name=name,
        identity_number="",
        reserve=True,
        protection=Protection.NONE,
        contact="",
        date=date(2026, 4, 1),
        source="self",
        group_type="criminal_network",
        threat_indication="low",
        motivation_notes="",
        municipality_id=municipality_id,
    )


def test_a_joint_unit_s_case_belongs_to_the_home_municipality(agreement, officer, botkyrka):
    case = _intake(officer, municipality_id=botkyrka.pk)
    assert case.municipality_id == botkyrka.pk and case.person.municipality_id == botkyrka.pk
    assert case.unit_id == officer.organisation.pk
    from trygg.defectors.cases.selectors import case_get

    case_get(actor=officer, case_id=case.pk)
    sides = set(
        AuditEvent.objects.filter(action="defectors.case.view").values_list(
            "municipality_id", flat=True
        )
    )
    assert botkyrka.pk in sides  # Botkyrka's log reviewer sees the reads of its case


def test_a_unit_without_an_agreement_cannot_take_another_municipality_s_case(officer, botkyrka):
    with pytest.raises(ApplicationError):
        _intake(officer, municipality_id=botkyrka.pk)


def test_the_intake_form_asks_for_the_home_municipality_in_a_joint_unit(
    agreement, officer, client, login
):
    login(officer.user)
    page = client.get("/avhopp/ny/").content.decode()
    assert "id_home_municipality" in page and "Botkyrka kommun" in page


def test_the_home_municipality_s_other_staff_see_nothing(
    agreement, officer, botkyrka, botkyrka_unit, make_user, client, login
):
    case = _intake(officer, municipality_id=botkyrka.pk)
    for role in (Role.HANDLAGGARE, Role.ENHETSCHEF):
        login(make_user(role, botkyrka_unit))
        assert "Gemensamsson" not in client.get("/avhopp/").content.decode()
        assert client.get(f"/avhopp/arende/{case.pk}/").status_code == 404


def test_leaving_ends_the_unit_s_reach_and_the_home_municipality_takes_over(
    agreement, officer, botkyrka, botkyrka_unit, make_user, client, login
):
    service, admin = agreement
    case = _intake(officer, municipality_id=botkyrka.pk)
    login(officer.user)
    assert client.get(f"/avhopp/arende/{case.pk}/").status_code == 200
    organisations.joint_service_end(
        actor=admin, service=service, ends_on=timezone.localdate() - timedelta(days=1)
    )
    officer = actor_for(officer.user)  # a new request: the served municipalities anew
    assert client.get(f"/avhopp/arende/{case.pk}/").status_code == 404

    chef = actor_for(make_user(Role.ENHETSCHEF, botkyrka_unit))
    botkyrka_officer = make_user(Role.HANDLAGGARE, botkyrka_unit)
    assert [c.pk for c in joint.left_behind(actor=chef)] == [case.pk]
    joint.case_take_over(actor=chef, case=case, case_officer=botkyrka_officer)
    case.refresh_from_db()
    assert case.unit_id == botkyrka_unit.pk and case.municipality_id == botkyrka.pk
    assert list(case.team.values_list("user_id", flat=True)) == [botkyrka_officer.pk]
    assert not joint.left_behind(actor=chef).exists()


def test_costs_are_reported_per_home_municipality(agreement, officer, botkyrka, huddinge):
    theirs = _intake(officer, municipality_id=botkyrka.pk)
    ours = _intake(officer, name="Hemmasson")
    for case, cost in ((theirs, 1000), (ours, 250)):
        Intervention.objects.create(
            case=case,
            type="protected_housing",
            provider="",
            start_on=date(2026, 5, 1),
            status="ongoing",
            decided_cost=Decimal(cost),
            actual_cost=Decimal(cost - 100),
            notes="",
        )
    rows = {
        r["municipality"]: r
        for r in joint.costs_by_municipality(unit=officer.organisation, year=2026)
    }
    assert rows["Botkyrka kommun"]["decided"] == 1000 and rows["Botkyrka kommun"]["cases"] == 1
    assert rows["Huddinge kommun"]["actual"] == 150
    assert Case.objects.filter(unit=officer.organisation).count() == 2


def test_only_the_host_administrator_records_an_agreement(make_user, botkyrka, unit, huddinge):
    from django.core.exceptions import PermissionDenied

    other_admin = actor_for(make_user(Role.SYSTEMADMINISTRATOR, botkyrka))
    with pytest.raises(PermissionDenied):
        organisations.joint_service_create(
            actor=other_admin, unit=unit, municipality=botkyrka, starts_on=date(2026, 1, 1)
        )
