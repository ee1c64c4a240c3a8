"""Handovers and referrals into the unit: a partner contact submits, the municipality's unit
manager accepts (a case opens with the chosen case officer and a planning task) or declines;
nobody else sees them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.defectors.constants import InboundKind, InboundStatus, ReferralSource
from trygg.defectors.inbound import services
from trygg.defectors.models import Case, Inbound
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation

pytestmark = pytest.mark.django_db

SHARED = "Friges snart och vill lämna nätverket; samtycker till att hotbilden delas."


@pytest.fixture
def unit(huddinge):
    return OrganisationFactory(parent=huddinge, kind=OrganisationKind.ENHET)


@pytest.fixture
def chef(make_user, unit):
    return actor_for(make_user(Role.ENHETSCHEF, unit))


@pytest.fixture
def officer(make_user, unit):
    return make_user(Role.HANDLAGGARE, unit)


@pytest.fixture
def agency(make_user, huddinge):
    prison = Organisation.objects.get(municipality=huddinge, kind="partner", name="Kriminalvården")
    return actor_for(make_user(Role.PARTNERKONTAKT, prison))


def _submit(agency, **extra):
    data = {
        "kind": InboundKind.HANDOVER,
        "given_name": "Omar",
        "family_name": "Testsson",
        "identity_number": "",
        "shared": SHARED,
        "agency_contact": "Kim, tel. 010-000 00 10",
        "planning_on": timezone.localdate() + timedelta(days=7),
    }
    data.update(extra)
    return services.inbound_submit(actor=agency, **data)


def test_accepting_a_handover_opens_a_case_with_the_chosen_officer_and_a_planning_task(
    agency, chef, officer
):
    inbound = _submit(agency)
    case = services.inbound_accept(
        actor=chef,
        inbound=inbound,
        case_officer=officer,
        group_type="criminal_network",
        threat_indication="medium",
    )
    case = Case.objects.get(pk=case.pk)
    assert case.unit_id == chef.organisation.pk
    assert list(case.team.values_list("user_id", flat=True)) == [officer.pk]
    assert case.intake.source == ReferralSource.KRIMINALVARDEN
    assert case.person.family_name == "Testsson"
    task = case.tasks.get()
    assert task.due_on == inbound.planning_on and task.assigned_to == officer
    inbound.refresh_from_db()
    assert inbound.status == InboundStatus.ACCEPTED and inbound.case_id == case.pk
    for event in AuditEvent.objects.filter(action__startswith="defectors.inbound."):
        assert "Omar" not in str(event.payload) and SHARED not in str(event.payload)
    with pytest.raises((ApplicationError, PermissionDenied)):  # answered once
        services.inbound_decline(actor=chef, inbound=inbound, note="För sent, redan öppnat.")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"given_name": "", "family_name": "", "identity_number": ""}, "given_name"),
        ({"identity_number": "19960722-3007"}, "identity_number"),
        ({"shared": "kort"}, "shared"),
        ({"agency_contact": " "}, "agency_contact"),
        ({"planning_on": timezone.localdate() - timedelta(days=1)}, "planning_on"),
    ],
)
def test_bad_handover_input_is_refused_next_to_the_field(agency, extra, field):
    with pytest.raises(ApplicationError) as refused:
        _submit(agency, **extra)
    assert refused.value.field == field
    assert not Inbound.objects.exists()


def test_only_the_municipality_s_unit_manager_sees_and_decides(
    agency, make_user, botkyrka, unit, client, login, officer
):
    inbound = _submit(agency)
    other_chef = make_user(
        Role.ENHETSCHEF, OrganisationFactory(parent=botkyrka, kind=OrganisationKind.ENHET)
    )
    login(other_chef)
    assert "Omar" not in client.get("/avhopp/inkommande/").content.decode()
    assert client.get(f"/avhopp/inkommande/{inbound.pk}/").status_code == 404
    login(officer)
    assert client.get(f"/avhopp/inkommande/{inbound.pk}/").status_code == 403


def test_declined_handover_tells_the_agency_why(agency, chef, client, login):
    inbound = _submit(agency)
    services.inbound_decline(actor=chef, inbound=inbound, note="Personen bor i Botkyrka.")
    login(agency.user)
    assert "Personen bor i Botkyrka." in client.get("/avhopp/partner/").content.decode()
