"""Findings of the security review, each pinned by a test."""

import pytest

from conftest import current_code
from tests.factories import MembershipFactory
from trygg.accounts.models import Membership
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db


def test_administrator_cannot_grant_themselves_a_role(make_user, login, client, huddinge):
    admin = make_user(Role.SYSTEMADMINISTRATOR, huddinge)
    login(admin)
    response = client.post(
        f"/konto/anvandare/{admin.pk}/", {"organisation": huddinge.pk, "role": Role.SAMORDNARE}
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user=admin, role=Role.SAMORDNARE).exists()


def test_second_factor_of_a_user_shared_with_another_municipality_is_not_reset(
    make_user, login, client, huddinge, botkyrka
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    shared = make_user(Role.SAMORDNARE, botkyrka)
    MembershipFactory(user=shared, organisation=huddinge, role=Role.SOKANDE)
    login(make_user(Role.SYSTEMADMINISTRATOR, huddinge))
    response = client.post(f"/konto/anvandare/{shared.pk}/tvastegsverifiering/aterstall/")
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=shared).exists()


def test_moving_the_authenticator_needs_password_and_code_again(make_user, login, client):
    import time_machine
    from django.utils import timezone

    user = make_user(Role.SAMORDNARE)
    login(user)
    # The next code: a code already used to log in is never accepted twice.
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=40)):
        response = client.get("/konto/tvastegsverifiering/aktivera/")
        assert response.status_code == 302 and response["Location"].startswith("/konto/bekrafta/")
        assert client.post("/konto/tvastegsverifiering/reservkoder/").status_code == 302
        wrong = client.post("/konto/bekrafta/", {"password": "nope", "code": current_code(user)})
        assert wrong.status_code == 200
        client.post(
            "/konto/bekrafta/", {"password": "correct horse battery", "code": current_code(user)}
        )
        assert client.get("/konto/tvastegsverifiering/aktivera/").status_code == 200
        codes = client.post("/konto/tvastegsverifiering/reservkoder/")
        assert codes.status_code == 200 and codes.content.decode().count("<code>") == 10


def test_setting_the_first_password_lands_on_the_login_page_with_a_message(client, make_user):
    """It answered 500 (NoReverseMatch) after saving the password; now the login page says so."""
    from urllib.parse import urlsplit

    from trygg.accounts.tasks import password_link

    user = make_user(Role.SOKANDE, with_device=False)
    user.set_unusable_password()
    user.save()
    form_page = client.get(urlsplit(password_link(user)).path, follow=True)
    assert form_page.status_code == 200
    new = "Ett-eget-l0senord-2026"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/konto/logga-in/"
    assert "Ditt lösenord är sparat" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)


def test_enrolment_help_does_not_mention_recovery_codes_not_yet_given(client, make_user):
    user = make_user(Role.HANDLAGGARE, with_device=False)
    client.post("/konto/logga-in/", {"username": user.email, "password": "correct horse battery"})
    page = client.get("/konto/tvastegsverifiering/aktivera/").content.decode()
    assert "De sex siffror som appen visar just nu." in page
    assert "reservkod" not in page.split("<form", 1)[1].lower()
