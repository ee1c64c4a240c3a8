"""A signed-in request loads the user and the session's authenticator in one query, and the
second factor is checked exactly as before (trygg.accounts.authentication)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.core.roles import Role

pytestmark = pytest.mark.django_db

SECURITY_PAGE = "/konto/sakerhet/"


def test_a_verified_session_costs_one_query_for_user_and_authenticator(make_user, login, client):
    user = make_user(Role.HANDLAGGARE)
    login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SECURITY_PAGE)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()
    # The user's query joins the session's device; no query reads that device on its own
    # (the page itself lists the user's authenticators, by user).
    assert 'FROM "accounts_user" u LEFT OUTER JOIN "otp_totp_totpdevice"' in queries[1]["sql"]
    assert not any('"otp_totp_totpdevice"."id" =' in q["sql"] for q in queries)


def test_removing_the_authenticator_ends_the_verified_session(make_user, login, client):
    user = make_user(Role.HANDLAGGARE)
    login(user)
    assert client.get(SECURITY_PAGE).status_code == 200
    TOTPDevice.objects.filter(user=user).delete()
    response = client.get(SECURITY_PAGE)
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_an_unconfirmed_authenticator_does_not_verify(make_user, login, client):
    user = make_user(Role.HANDLAGGARE)
    login(user)
    TOTPDevice.objects.filter(user=user).update(confirmed=False)
    response = client.get(SECURITY_PAGE)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_another_users_authenticator_in_the_session_does_not_verify(make_user, login, client):
    user = make_user(Role.HANDLAGGARE)
    other = make_user(Role.HANDLAGGARE)
    login(user)
    session = client.session
    session["otp_device_id"] = f"otp_totp.totpdevice/{TOTPDevice.objects.get(user=other).pk}"
    session.save()
    response = client.get(SECURITY_PAGE)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_session_verified_by_a_recovery_code_stays_verified(make_user, client):
    from trygg.accounts.services import recovery_codes_regenerate

    user = make_user(Role.HANDLAGGARE)
    code = recovery_codes_regenerate(user=user)[0]
    client.post("/konto/logga-in/", {"username": user.email, "password": "correct horse battery"})
    response = client.post("/konto/logga-in/kod/", {"code": code})
    assert response.status_code == 302
    assert client.session["otp_device_id"].startswith("otp_static.staticdevice/")
    response = client.get(SECURITY_PAGE)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()


def test_a_deactivated_user_is_signed_out(make_user, login, client):
    user = make_user(Role.HANDLAGGARE)
    login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(SECURITY_PAGE)
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
