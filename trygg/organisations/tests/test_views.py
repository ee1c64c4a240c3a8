import pytest

from tests.factories import DistrictFactory
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role
from trygg.organisations.models import District, Organisation

pytestmark = pytest.mark.django_db


def test_sodertorn_municipalities_and_huddinge_districts_exist():
    codes = set(Organisation.objects.filter(kind="kommun").values_list("scb_code", flat=True))
    assert {"0127", "0136", "0126", "0140", "0192", "0128", "0181", "0138"} <= codes
    assert District.objects.filter(municipality__scb_code="0126", name="Flemingsberg").exists()


@pytest.mark.parametrize("url", ["/organisationer/", "/organisationer/omraden/"])
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SYSTEMADMINISTRATOR])
def test_only_the_system_administrator_manages_organisations(make_user, login, client, url, role):
    login(make_user(role))
    assert client.get(url).status_code == 403


def test_admin_adds_renames_and_deactivates_a_district(make_user, login, client, huddinge):
    admin = make_user(Role.SYSTEMADMINISTRATOR, organisation=huddinge)
    login(admin)
    client.post("/organisationer/omraden/", {"name": "Glömsta", "is_active": "on"})
    district = District.objects.get(name="Glömsta", municipality=huddinge)
    client.post(f"/organisationer/omraden/{district.pk}/", {"name": "Glömsta-Kästa"})
    district.refresh_from_db()
    assert (district.name, district.is_active) == ("Glömsta-Kästa", False)
    actions = list(
        AuditEvent.objects.filter(target_type="organisations.district").values_list(
            "action", flat=True
        )
    )
    assert actions == ["organisations.district.create", "organisations.district.update"]


def test_duplicate_district_name_is_refused_next_to_the_field(make_user, login, client, huddinge):
    login(make_user(Role.SYSTEMADMINISTRATOR, organisation=huddinge))
    response = client.post("/organisationer/omraden/", {"name": "Flemingsberg"})
    assert response.status_code == 200
    assert District.objects.filter(name="Flemingsberg", municipality=huddinge).count() == 1
    assert "ds-error-summary" in response.content.decode()


def test_district_of_another_municipality_is_404(make_user, login, client, botkyrka):
    other = DistrictFactory(municipality=botkyrka, name="Tumba")
    login(make_user(Role.SYSTEMADMINISTRATOR))
    assert client.get(f"/organisationer/omraden/{other.pk}/").status_code == 404


def test_admin_adds_a_unit_under_a_committee(make_user, login, client, huddinge):
    login(make_user(Role.SYSTEMADMINISTRATOR, organisation=huddinge))
    committee = Organisation.objects.create(
        kind="namnd", name="Socialnämnden", parent=huddinge, municipality=huddinge
    )
    client.post(
        "/organisationer/", {"name": "Fältgruppen", "kind": "enhet", "parent": committee.pk}
    )
    unit = Organisation.objects.get(name="Fältgruppen")
    assert (unit.parent, unit.municipality) == (committee, huddinge)


def test_a_committee_cannot_be_placed_under_a_unit(make_user, login, client, huddinge):
    login(make_user(Role.SYSTEMADMINISTRATOR, organisation=huddinge))
    unit = Organisation.objects.create(
        kind="enhet", name="Enhet", parent=huddinge, municipality=huddinge
    )
    response = client.post("/organisationer/", {"name": "Fel", "kind": "namnd", "parent": unit.pk})
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Fel").exists()
