"""User administration: who may do it, what it records, and that its lists stay flat."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from trygg.accounts.models import Membership, User
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/konto/anvandare/",
    "/konto/anvandare/ny/",
    "/konto/anvandare/{user}/",
]


@pytest.fixture
def admin(make_user, huddinge):
    return make_user(Role.SYSTEMADMINISTRATOR, organisation=huddinge)


@pytest.fixture
def subject(huddinge):
    user = UserFactory()
    MembershipFactory(
        user=user, organisation=OrganisationFactory(parent=huddinge), role=Role.GRANSKARE
    )
    return user


@pytest.mark.parametrize("url", ADMIN_URLS)
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SYSTEMADMINISTRATOR])
def test_other_roles_are_refused_user_administration(make_user, login, client, subject, url, role):
    login(make_user(role))
    response = client.get(url.format(user=subject.pk))
    assert response.status_code == 403
    assert subject.email.encode() not in response.content


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_system_administrator_reaches_user_administration(admin, login, client, subject, url):
    login(admin)
    assert client.get(url.format(user=subject.pk)).status_code == 200


def test_administrator_of_another_municipality_gets_404_for_our_users(
    make_user, login, client, subject, botkyrka
):
    login(make_user(Role.SYSTEMADMINISTRATOR, organisation=botkyrka))
    response = client.get(f"/konto/anvandare/{subject.pk}/")
    assert response.status_code == 404
    assert subject.email.encode() not in client.get("/konto/anvandare/").content


def test_creating_a_user_sends_an_invitation_and_is_audited(
    admin, login, client, huddinge, django_capture_on_commit_callbacks
):
    login(admin)
    unit = OrganisationFactory(parent=huddinge)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/anvandare/ny/",
            {
                "full_name": "Nina Ny",
                "email": "Nina@Huddinge.example",
                "organisation": unit.pk,
                "role": Role.GRANSKARE,
            },
        )
    user = User.objects.get(email="nina@huddinge.example")
    assert response["Location"] == f"/konto/anvandare/{user.pk}/"
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=unit, role=Role.GRANSKARE).exists()
    assert "/konto/nytt-losenord/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Ditt konto i Trygg"
    actions = set(AuditEvent.objects.filter(actor_id=admin.pk).values_list("action", flat=True))
    assert {"accounts.user.create", "accounts.membership.create"} <= actions
    assert "nina" not in str(list(AuditEvent.objects.values_list("payload", flat=True))).lower()


def test_duplicate_email_is_refused_next_to_the_field(admin, login, client, subject, huddinge):
    login(admin)
    before = User.objects.count()
    response = client.post(
        "/konto/anvandare/ny/",
        {
            "full_name": "X",
            "email": subject.email.upper(),
            "organisation": huddinge.pk,
            "role": Role.GRANSKARE,
        },
    )
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
    assert User.objects.count() == before


def test_organisation_of_another_municipality_cannot_be_chosen(admin, login, client, botkyrka):
    login(admin)
    response = client.post(
        "/konto/anvandare/ny/",
        {
            "full_name": "X",
            "email": "x@y.example",
            "organisation": botkyrka.pk,
            "role": Role.GRANSKARE,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="x@y.example").exists()


def test_granting_and_revoking_a_role_is_audited(admin, login, client, subject, huddinge):
    login(admin)
    client.post(
        f"/konto/anvandare/{subject.pk}/", {"organisation": huddinge.pk, "role": Role.ANALYTIKER}
    )
    membership = Membership.objects.get(user=subject, role=Role.ANALYTIKER)
    client.post(f"/konto/anvandare/{subject.pk}/roller/{membership.pk}/ta-bort/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="accounts.membership").values_list(
            "action", flat=True
        )
    )
    assert actions[-2:] == ["accounts.membership.create", "accounts.membership.delete"]


def test_the_same_role_twice_is_refused_with_a_message(admin, login, client, subject):
    login(admin)
    membership = subject.memberships.first()
    response = client.post(
        f"/konto/anvandare/{subject.pk}/",
        {"organisation": membership.organisation_id, "role": membership.role},
    )
    assert response.status_code == 200
    assert subject.memberships.count() == 1


def test_second_factor_reset_removes_devices(admin, login, client, make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    target = make_user(Role.HANDLAGGARE)
    login(admin)
    client.post(f"/konto/anvandare/{target.pk}/tvastegsverifiering/aterstall/")
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert AuditEvent.objects.filter(
        action="accounts.totp.reset", target_id=str(target.pk)
    ).exists()


def test_user_list_query_count_does_not_grow_with_users(admin, login, client, huddinge):
    login(admin)
    client.get("/konto/anvandare/")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/konto/anvandare/").status_code == 200
        return len(captured.captured_queries)

    few = count()
    unit = OrganisationFactory(parent=huddinge)
    for _ in range(60):
        MembershipFactory(user=UserFactory(), organisation=unit, role=Role.GRANSKARE)
    assert count() == few


def test_an_address_in_use_in_another_municipality_is_not_revealed(admin, login, client, botkyrka):
    elsewhere = UserFactory(email="person@botkyrka.example")
    MembershipFactory(user=elsewhere, organisation=OrganisationFactory(parent=botkyrka))
    login(admin)
    response = client.post(
        "/konto/anvandare/ny/",
        {
            "full_name": "X",
            "email": "person@botkyrka.example",
            "organisation": admin.memberships.get().organisation_id,
            "role": Role.SOKANDE,
        },
    )
    page = response.content.decode()
    assert "kan inte användas för ett nytt konto" in page
    assert "finns redan" not in page and "Botkyrka" not in page
    refused = AuditEvent.objects.get(action="accounts.user.create_refused")
    assert refused.actor_id == admin.pk and refused.payload == {}


def test_a_deactivated_account_is_logged_out_at_once_and_can_be_reactivated(
    admin, login, client, huddinge
):
    from django.test import Client

    from trygg.api.services import token_create

    leaver = UserFactory()
    unit = OrganisationFactory(parent=huddinge)
    MembershipFactory(user=leaver, organisation=unit, role=Role.SOKANDE)
    theirs = Client()
    theirs.post("/konto/logga-in/", {"username": leaver.email, "password": "correct horse battery"})
    assert theirs.get("/").status_code == 200
    _token, key = token_create(
        user=leaver, membership=leaver.memberships.get(), scopes=["fund:read"], days=30
    )
    api = "/api/v1/fund/applications"
    assert Client().get(api, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200

    login(admin)
    response = client.post(f"/konto/anvandare/{leaver.pk}/aktiv/", {"active": "0"}, follow=True)
    assert "Kontot är avaktiverat" in response.content.decode()
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert theirs.get("/").status_code == 302  # the open session ends at its next request
    assert Client().get(api, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    again = Client().post(
        "/konto/logga-in/", {"username": leaver.email, "password": "correct horse battery"}
    )
    assert again.status_code == 200
    assert leaver.memberships.exists()  # roles and history stay

    client.post(f"/konto/anvandare/{leaver.pk}/aktiv/", {"active": "1"})
    leaver.refresh_from_db()
    assert leaver.is_active
    actions = list(
        AuditEvent.objects.filter(target_id=str(leaver.pk), action__startswith="accounts.user.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["accounts.user.deactivate", "accounts.user.reactivate"]


def test_an_administrator_cannot_deactivate_themselves(admin, login, client):
    login(admin)
    client.post(f"/konto/anvandare/{admin.pk}/aktiv/", {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active


@pytest.mark.parametrize(
    ("role", "where", "fits"),
    [
        (Role.HANDLAGGARE, "culture", False),  # reached /avhopp/ before
        (Role.ENHETSCHEF, "culture", False),
        (Role.HANDLAGGARE, "social_unit", True),
        (Role.SOKANDE, "municipality", False),
        (Role.SOKANDE, "culture", True),
        (Role.SYSTEMADMINISTRATOR, "culture", False),
        (Role.LOGGGRANSKARE, "municipality", True),
    ],
)
def test_roles_fit_their_organisation(admin, login, client, huddinge, role, where, fits):
    social = OrganisationFactory(parent=huddinge, name="Socialnämnden", social_services=True)
    places = {
        "culture": OrganisationFactory(parent=huddinge, name="Kultur- och fritidsnämnden"),
        "social_unit": OrganisationFactory(parent=social, kind="enhet", name="Avhopparenheten"),
        "municipality": huddinge,
    }
    subject = UserFactory()
    MembershipFactory(user=subject, organisation=places["culture"], role=Role.GRANSKARE)
    login(admin)
    response = client.post(
        f"/konto/anvandare/{subject.pk}/", {"organisation": places[where].pk, "role": role}
    )
    given = (
        Membership.objects.filter(user=subject, role=role).exists() or subject.role_grants.exists()
    )
    assert given == fits
    if not fits:
        assert response.status_code == 200
        assert 'id="id_organisation_error"' in response.content.decode()


def test_a_regional_log_reviewer_fits_a_regional_organisation(admin, huddinge):
    from trygg.accounts import services
    from trygg.organisations.constants import OrganisationKind

    region = OrganisationFactory(kind=OrganisationKind.PARTNER, parent=None, municipality_id=None)
    member = services.membership_break_glass(
        user=UserFactory(), organisation=region, role=Role.LOGGGRANSKARE
    )
    assert member.pk
