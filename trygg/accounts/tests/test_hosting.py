"""The hosting administrator: adds municipalities and their first administrator, nothing more."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from trygg.accounts.models import Membership, User
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def hosting(db):
    return Organisation.objects.create(kind=OrganisationKind.PARTNER, name="Södertörns IT-drift")


@pytest.fixture
def host(make_user, hosting):
    return make_user(Role.DRIFTADMINISTRATOR, organisation=hosting)


def test_hosting_administrator_adds_a_municipality_and_its_first_administrator(
    host, login, client, huddinge, django_capture_on_commit_callbacks
):
    login(host)
    page = client.get("/konto/kommuner/")
    assert page.status_code == 200
    assert "Huddinge kommun" in page.content.decode()

    response = client.post("/konto/kommuner/", {"name": "Testby kommun", "scb_code": "9901"})
    testby = Organisation.objects.get(scb_code="9901")
    assert testby.kind == OrganisationKind.KOMMUN and testby.municipality_id == testby.pk
    assert response["Location"] == f"/konto/kommuner/{testby.pk}/administrator/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/konto/kommuner/{testby.pk}/administrator/",
            {"full_name": "Tea Testby", "email": "Tea@Testby.example"},
        )
    assert response.status_code == 302
    admin = User.objects.get(email="tea@testby.example")
    assert Membership.objects.filter(
        user=admin, organisation=testby, role=Role.SYSTEMADMINISTRATOR
    ).exists()
    assert not admin.has_usable_password()
    assert mail.outbox and mail.outbox[-1].to == ["tea@testby.example"]
    actions = set(
        AuditEvent.objects.filter(municipality_id=testby.pk).values_list("action", flat=True)
    )
    assert {
        "organisations.municipality.create",
        "accounts.user.create",
        "accounts.membership.create",
    } <= actions
    listing = client.get("/konto/kommuner/").content.decode()
    assert "Tea Testby" in listing


def test_a_second_administrator_is_the_municipality_s_own_business(
    host, login, client, huddinge, make_user
):
    make_user(Role.SYSTEMADMINISTRATOR, organisation=huddinge)
    login(host)
    response = client.post(
        f"/konto/kommuner/{huddinge.pk}/administrator/",
        {"full_name": "Inte Jag", "email": "intejag@example.org"},
    )
    assert response.status_code == 200
    assert "already has a system administrator" in response.content.decode() or (
        "redan en systemadministratör" in response.content.decode()
    )
    assert not User.objects.filter(email="intejag@example.org").exists()


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"name": "X kommun", "scb_code": "12a4"}, "fyra siffror"),
        ({"name": "Dubblett", "scb_code": "0126"}, "finns redan"),
        ({"name": "", "scb_code": "9902"}, "måste fyllas i"),
    ],
)
def test_bad_municipality_input_is_shown_and_changes_nothing(
    host, login, client, huddinge, data, field_message
):
    login(host)
    before = Organisation.objects.count()
    response = client.post("/konto/kommuner/", data)
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert Organisation.objects.count() == before


def test_hosting_administrator_sees_nothing_inside_a_municipality(
    host, login, client, huddinge, make_user
):
    colleague = make_user(Role.GRANSKARE, organisation=OrganisationFactory(parent=huddinge))
    login(host)
    for url in (
        "/konto/anvandare/",
        f"/konto/anvandare/{colleague.pk}/",
        "/organisationer/",
        "/trygghetsfond/",
        "/avhopp/",
        "/avhopp/statistik/",
        "/logg/",
        "/forebyggande/",
    ):
        assert client.get(url).status_code in (403, 404), url
    assert colleague.email not in client.get("/konto/kommuner/").content.decode()


@pytest.mark.parametrize("role", [Role.SYSTEMADMINISTRATOR, Role.SAMORDNARE, Role.ANALYTIKER])
def test_municipal_roles_do_not_reach_hosting(make_user, login, client, huddinge, role):
    login(make_user(role, organisation=huddinge if role != Role.SAMORDNARE else None))
    assert client.get("/konto/kommuner/").status_code == 403
    assert client.get(f"/konto/kommuner/{huddinge.pk}/administrator/").status_code == 403


def test_a_hosting_role_inside_a_municipality_is_refused(make_user, huddinge, hosting):
    """The role is the installation's: a municipality's administrator cannot hand it out."""
    from trygg.accounts.actor import actor_for
    from trygg.accounts.services import membership_grant
    from trygg.core.exceptions import ApplicationError

    admin = make_user(Role.SYSTEMADMINISTRATOR, organisation=huddinge)
    with pytest.raises(ApplicationError):
        membership_grant(
            actor=actor_for(admin),
            user=UserFactory(),
            organisation=huddinge,
            role=Role.DRIFTADMINISTRATOR,
        )


def test_create_admin_makes_the_first_hosting_administrator():
    out = io.StringIO()
    call_command(
        "create_admin",
        "dina@drift.example",
        "--name",
        "Dina Drift",
        "--hosting",
        "Södertörns IT-drift",
        stdout=out,
    )
    membership = Membership.objects.get(user__email="dina@drift.example")
    assert membership.role == Role.DRIFTADMINISTRATOR
    assert membership.organisation.municipality_id is None
    assert "http" in out.getvalue()


def test_existing_account_gets_the_role_without_a_new_invitation(
    host, login, client, huddinge, django_capture_on_commit_callbacks
):
    testby = Organisation.objects.create(kind=OrganisationKind.KOMMUN, name="T", scb_code="9903")
    Organisation.objects.filter(pk=testby.pk).update(municipality=testby)
    known = UserFactory(email="known@example.org")
    MembershipFactory(user=known, organisation=OrganisationFactory(parent=huddinge))
    login(host)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/konto/kommuner/{testby.pk}/administrator/",
            {"full_name": "Other Name", "email": "known@example.org"},
        )
    assert Membership.objects.filter(user=known, organisation=testby).exists()
    assert mail.outbox == []
