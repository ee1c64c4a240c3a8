"""Fixtures for the API tests, on top of the shared fund fixtures."""

import pytest

from tests.fund_fixtures import *  # noqa: F403 - the shared fund fixtures
from trygg.api.services import token_create
from trygg.core.roles import Role
from trygg.organisations.models import Organisation


@pytest.fixture
def botkyrka_ks(botkyrka):
    return Organisation.objects.create(
        kind="namnd", name="Kommunstyrelsen", parent=botkyrka, municipality=botkyrka
    )


@pytest.fixture
def bolag_applicant(make_user, bolag):
    return make_user(Role.SOKANDE, bolag, with_device=False)


@pytest.fixture
def botkyrka_coordinator(make_user, botkyrka_ks):
    return make_user(Role.SAMORDNARE, botkyrka_ks)


@pytest.fixture
def key_for(db):
    """key_for(user, *scopes, days=90) -> the key of a new token in the user's membership."""

    def issue(user, *scopes, days=90, membership=None):
        membership = membership or user.memberships.get()
        _token, key = token_create(user=user, membership=membership, scopes=list(scopes), days=days)
        return key

    return issue


@pytest.fixture
def api(client):
    """api.get(path, key, **query) / api.post(path, key, body): JSON calls under /api/v1."""

    class Api:
        @staticmethod
        def _headers(key):
            return {"Authorization": f"Bearer {key}"} if key else {}

        def get(self, path, key=None, **query):
            return client.get(f"/api/v1{path}", query, headers=self._headers(key))

        def post(self, path, key=None, body=None):
            return client.post(
                f"/api/v1{path}",
                body if isinstance(body, str) else (body or {}),
                content_type="application/json",
                headers=self._headers(key),
            )

    return Api()
