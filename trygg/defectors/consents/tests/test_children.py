"""A child's consent: the guardians' consent as well, or a configured legal ground for acting
without it; the case shows who holds custody; the register extract carries the guardians'
part of each consent."""

from datetime import date

import pytest
from django.utils import timezone

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.cases import services as cases
from trygg.defectors.consents import services as consents
from trygg.defectors.constants import Agency, GuardianBasis, Protection, Relation
from trygg.defectors.identity import age_on
from trygg.defectors.persons import services as persons
from trygg.organisations.constants import OrganisationKind

pytestmark = pytest.mark.django_db

CHILD = "20100823-1464"  # sixteen in 2026
ADULT = "19970412-2382"


@pytest.fixture
def officer(make_user, huddinge):
    unit = OrganisationFactory(parent=huddinge, kind=OrganisationKind.ENHET)
    return actor_for(make_user(Role.HANDLAGGARE, unit))


def _case(officer, number):
    return cases.intake_create(
        actor=officer,
        given_name="Barn",
        family_name="Barnsson",
        identity_number=number,
        reserve=False,
        protection=Protection.NONE,
        contact="",
        date=date(2026, 4, 1),
        source="school",
        group_type="criminal_network",
        threat_indication="low",
        motivation_notes="",
    )


def _consent(officer, case, **guardians):
    return consents.consent_record(
        actor=officer,
        case=case,
        agency=Agency.POLISEN,
        agency_name="",
        scope="Hotbild.",
        given_on=timezone.localdate(),
        expires_on=None,
        **guardians,
    )


def test_age_is_read_from_the_identity_number():
    assert age_on("201008231464", date(2026, 8, 22)) == 15
    assert age_on("201008231464", date(2026, 8, 23)) == 16
    assert age_on("", date(2026, 1, 1)) is None


def test_a_child_s_consent_needs_the_guardians_or_a_legal_ground(officer, settings):
    settings.TRYGG_GUARDIAN_LEGAL_GROUNDS = ["Barnet har fyllt 15 år och samtycker självt"]
    child = _case(officer, CHILD)
    with pytest.raises(ApplicationError) as refused:
        _consent(officer, child)
    assert refused.value.field == "guardian_basis"
    with pytest.raises(ApplicationError) as refused:
        _consent(officer, child, guardian_basis=GuardianBasis.LEGAL_GROUND, guardian_ground="x")
    assert refused.value.field == "guardian_ground"
    consent = _consent(
        officer,
        child,
        guardian_basis=GuardianBasis.LEGAL_GROUND,
        guardian_ground="Barnet har fyllt 15 år och samtycker självt",
    )
    assert consent.guardian_ground.startswith("Barnet har fyllt 15")
    assert _consent(officer, child, guardian_basis=GuardianBasis.GIVEN).guardian_basis == "given"


def test_an_adult_s_consent_has_no_guardians(officer):
    adult = _case(officer, ADULT)
    consent = _consent(officer, adult, guardian_basis=GuardianBasis.GIVEN)
    assert consent.guardian_basis == ""


def test_a_child_s_case_shows_who_holds_custody(officer, client, login):
    child = _case(officer, CHILD)
    login(officer.user)
    page = client.get(f"/avhopp/arende/{child.pk}/").content.decode()
    assert "Ingen vårdnadshavare registrerad" in page
    persons.contact_add(
        actor=officer,
        case=child,
        relation=Relation.PARENT,
        name="Karin Barnsson",
        contact="",
        note="",
        has_custody=True,
    )
    page = client.get(f"/avhopp/arende/{child.pk}/").content.decode()
    assert "Karin Barnsson" in page
    adult = _case(officer, ADULT)
    assert "vårdnad" not in client.get(f"/avhopp/arende/{adult.pk}/").content.decode().lower()


def test_the_consent_form_asks_about_guardians_only_for_a_child(officer, client, login):
    child, adult = _case(officer, CHILD), _case(officer, ADULT)
    login(officer.user)
    assert (
        "id_guardian_basis" in client.get(f"/avhopp/arende/{child.pk}/samtycken/").content.decode()
    )
    assert (
        "id_guardian_basis"
        not in client.get(f"/avhopp/arende/{adult.pk}/samtycken/").content.decode()
    )


def test_the_extract_carries_the_guardians_part(officer):
    from trygg.defectors.extract import services as extract

    child = _case(officer, CHILD)
    _consent(officer, child, guardian_basis=GuardianBasis.GIVEN)
    data = extract.extract_data(person=child.person)
    consent = data["cases"][0]["consents"][0]
    assert consent["guardians"] and consent["guardians_legal_ground"] is None
