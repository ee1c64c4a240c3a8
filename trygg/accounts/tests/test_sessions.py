import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from trygg.audit.models import AuditEvent
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db


def test_idle_session_ends_after_timeout(login, make_user, client, settings):
    settings.TRYGG_IDLE_TIMEOUT = timezone.timedelta(minutes=20)
    user = make_user(Role.SAMORDNARE)
    login(user)
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=21)):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="accounts.session.end").last()
    assert event.payload == {"reason": "idle_timeout"}


def test_activity_keeps_the_session_alive(login, make_user, client):
    user = make_user(Role.SAMORDNARE)
    login(user)
    start = timezone.now()
    for minutes in (15, 30, 45):
        with time_machine.travel(start + timezone.timedelta(minutes=minutes)):
            assert client.get("/").status_code == 200


def test_idle_timeout_on_htmx_request_redirects_the_page(login, make_user, client):
    user = make_user(Role.SAMORDNARE)
    login(user)
    client.get("/")
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=25)):
        response = client.get("/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == "/konto/logga-in/"


def test_password_change_logs_out_every_other_session(make_user, login, client):
    user = make_user(Role.SOKANDE, with_device=False)
    other = Client()
    other.post("/konto/logga-in/", {"username": user.email, "password": "correct horse battery"})
    assert other.get("/").status_code == 200
    login(user)
    response = client.post(
        "/konto/losenord/",
        {
            "old_password": "correct horse battery",
            "new_password": "a brand new passphrase 42",
            "new_password_again": "a brand new passphrase 42",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session stays
    assert other.get("/").status_code == 302  # the other one is gone
    assert AuditEvent.objects.filter(action="accounts.password.change", actor_id=user.pk).exists()


def test_weak_new_password_is_refused_next_to_the_field(make_user, login, client):
    user = make_user(Role.SOKANDE, with_device=False)
    login(user)
    response = client.post(
        "/konto/losenord/",
        {
            "old_password": "correct horse battery",
            "new_password": "123",
            "new_password_again": "123",
        },
    )
    assert response.status_code == 200
    assert 'id="id_new_password_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("correct horse battery")


def test_logout_requires_post_and_ends_session(make_user, login, client):
    user = make_user(Role.SOKANDE, with_device=False)
    login(user)
    assert client.get("/konto/logga-ut/").status_code == 405
    client.post("/konto/logga-ut/")
    assert client.get("/").status_code == 302


def test_removing_a_2fa_role_member_device_ends_their_verified_state(make_user, login, client):
    """A user given a 2FA role while logged in without a second factor is logged out."""
    from tests.factories import MembershipFactory

    user = make_user(Role.SOKANDE, with_device=False)
    login(user)
    MembershipFactory(
        user=user, organisation=user.memberships.first().organisation, role=Role.GRANSKARE
    )
    response = client.get("/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_role_switcher_changes_the_acting_role(make_user, login, client):
    from tests.factories import MembershipFactory

    user = make_user(Role.SOKANDE)
    second = MembershipFactory(
        user=user,
        role=Role.SYSTEMADMINISTRATOR,
        organisation=user.memberships.first().organisation.parent,
    )
    login(user)
    client.post("/konto/roll/", {"membership": user.memberships.get(role=Role.SOKANDE).pk})
    assert client.get("/konto/anvandare/").status_code == 403
    client.post("/konto/roll/", {"membership": second.pk})
    assert client.get("/konto/anvandare/").status_code == 200


def test_role_switcher_refuses_someone_elses_membership(make_user, login, client):
    user = make_user(Role.SOKANDE)
    stranger = make_user(Role.SYSTEMADMINISTRATOR)
    login(user)
    assert client.get("/konto/anvandare/").status_code == 403
    client.post("/konto/roll/", {"membership": stranger.memberships.first().pk})
    assert client.get("/konto/anvandare/").status_code == 403
