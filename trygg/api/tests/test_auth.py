"""Only a valid token opens the API, only with the scope the endpoint names, and never a session."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import MembershipFactory
from trygg.api.api import api as trygg_api
from trygg.api.auth import TokenAuth
from trygg.api.models import ApiToken
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db

LIST = "/fund/applications"


def _expire(token):
    now = timezone.now()
    token.created_at, token.expires_at = now - timedelta(days=91), now - timedelta(days=1)


def _revoke(token):
    token.revoked_at = timezone.now()


def _deactivate_user(token):
    token.user.is_active = False
    token.user.save()


def _revoke_membership(token):
    token.membership.delete()
    token.membership = None


def _deactivate_organisation(token):
    token.membership.organisation.is_active = False
    token.membership.organisation.save()


@pytest.mark.parametrize(
    "spoil", [_expire, _revoke, _deactivate_user, _revoke_membership, _deactivate_organisation]
)
def test_token_that_is_no_longer_valid_is_refused_with_401(api, applicant, key_for, spoil):
    key = key_for(applicant, "fund:read")
    assert api.get(LIST, key).status_code == 200
    token = ApiToken.objects.get()
    spoil(token)
    token.save()
    response = api.get(LIST, key)
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Token {key}",
        "Basic {key}",
        "Bearer trygg_00000000_" + "A" * 43,  # unknown prefix
        "Bearer {key}x",  # malformed
        "Bearer {wrong_secret}",  # right prefix, wrong secret
        "Bearer {key} {key}",
    ],
)
def test_missing_unknown_or_malformed_token_is_refused_with_401(client, applicant, key_for, header):
    key = key_for(applicant, "fund:read")
    prefix = key.split("_")[1]
    wrong_secret = f"trygg_{prefix}_" + "B" * 43
    headers = {}
    if header is not None:
        headers["Authorization"] = header.format(key=key, wrong_secret=wrong_secret)
    response = client.get(f"/api/v1{LIST}", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)


def test_token_without_the_endpoints_scope_is_refused_with_403(api, coordinator, key_for, call):
    read_only = key_for(coordinator, "fund:read")
    response = api.post("/fund/applications/1/decision", read_only, {})
    assert response.status_code == 403
    assert "fund:write" in response.json()["detail"]
    write_only = key_for(coordinator, "fund:write")
    assert api.get(LIST, write_only).status_code == 403
    assert api.get("/fund/years/2026/ledger", write_only).status_code == 403


def test_a_logged_in_session_does_not_open_the_api(login, client, applicant):
    login(applicant)
    assert client.get("/trygghetsfond/").status_code == 200
    response = client.get(f"/api/v1{LIST}")
    assert response.status_code == 401


def test_token_needs_no_csrf_token(client, coordinator, key_for):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    key = key_for(coordinator, "fund:write")
    response = strict.post(
        "/api/v1/fund/applications/999999/decision",
        {"outcome": "rejected", "reasons": "x", "delegation_point": "y"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 404


def test_use_is_recorded_on_the_token_but_not_in_the_audit_log(api, applicant, key_for):
    key = key_for(applicant, "fund:read")
    events = AuditEvent.objects.count()
    assert api.get(LIST, key).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    assert AuditEvent.objects.count() == events


def test_token_acts_only_in_its_own_membership(api, applicant, ks, key_for, call, kultur):
    """A user who is also a coordinator: an applicant token never gets the coordinator's view."""
    from tests.factories import make_application

    MembershipFactory(user=applicant, organisation=ks, role=Role.SAMORDNARE)
    applicant_membership = applicant.memberships.get(role=Role.SOKANDE)
    key = key_for(applicant, "fund:read", membership=applicant_membership)
    other = make_application(call, ks, applicant, status="submitted")
    assert api.get(f"/fund/applications/{other.pk}", key).status_code == 404
    assert api.get("/fund/years/2026/ledger", key).status_code == 403


def test_every_operation_names_a_scope():
    """The API's default auth refuses; each operation must name a real scope instead."""
    operations = [
        operation
        for bound in trygg_api._get_bound_routers()
        for path_view in bound.path_operations.values()
        for operation in path_view.operations
    ]
    assert operations
    for operation in operations:
        scopes = [auth.scope for auth in operation.auth_callbacks if isinstance(auth, TokenAuth)]
        assert scopes and None not in scopes, operation.view_func.__name__
