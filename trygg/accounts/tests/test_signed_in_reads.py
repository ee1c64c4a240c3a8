"""The three reads of every signed-in request (session, user with authenticator, memberships)
are written as SQL once per process (trygg.core.sql_once); they must read back exactly what
the ORM reads, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MembershipFactory, OrganisationFactory
from trygg.accounts.authentication import SessionDeviceBackend, _session_device
from trygg.accounts.models import Membership, User
from trygg.accounts.selectors import memberships_of
from trygg.accounts.sessions import SessionStore
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db


def _values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def test_memberships_read_back_as_the_orm_reads_them(make_user, huddinge, botkyrka):
    user = make_user(Role.HANDLAGGARE)
    MembershipFactory(
        user=user,
        organisation=OrganisationFactory(parent=botkyrka, name="Aaa nämnd"),
        role=Role.SOKANDE,
    )
    MembershipFactory(user=user, organisation=huddinge, role=Role.SAMORDNARE)
    MembershipFactory(user=user, organisation=huddinge, role=Role.GRANSKARE)
    closed = OrganisationFactory(parent=huddinge, name="Nedlagd nämnd", is_active=False)
    MembershipFactory(user=user, organisation=closed, role=Role.SOKANDE)
    expected = list(
        Membership.objects.filter(user=user, organisation__is_active=True)
        .select_related("organisation", "organisation__municipality")
        .order_by("organisation__name", "role")
    )

    with CaptureQueriesContext(connection) as queries:
        read = memberships_of(user=user)
        # Organisation and municipality come with the one query.
        names = [(m.organisation.name, m.organisation.municipality.name, m.role) for m in read]
    assert len(queries) == 1
    assert [m.pk for m in read] == [m.pk for m in expected]
    assert closed.pk not in [m.organisation_id for m in read]
    assert names == [
        (m.organisation.name, m.organisation.municipality.name, m.role) for m in expected
    ]
    for mine, theirs in zip(read, expected, strict=True):
        assert _values(mine) == _values(theirs)
        assert _values(mine.organisation) == _values(theirs.organisation)
        assert _values(mine.organisation.municipality) == _values(theirs.organisation.municipality)
        assert not mine._state.adding
        # Aware datetimes, as the ORM gives them (SQLite stores text).
        assert timezone.is_aware(mine.created_at) and timezone.is_aware(
            mine.organisation.updated_at
        )


def test_the_user_and_the_sessions_authenticator_read_back_as_the_orm_reads_them(make_user):
    user = make_user(Role.HANDLAGGARE)
    device = TOTPDevice.objects.get(user=user)
    token = _session_device.set(device.pk)
    try:
        loaded = SessionDeviceBackend().get_user(user.pk)
    finally:
        _session_device.reset(token)
    assert _values(loaded) == _values(User.objects.get(pk=user.pk))
    assert _values(loaded.session_device) == _values(device)
    assert timezone.is_aware(loaded.date_joined)
    with CaptureQueriesContext(connection) as queries:
        assert loaded.session_device.user is loaded
    assert len(queries) == 0


def test_another_users_authenticator_is_not_brought_along(make_user):
    user, other = make_user(Role.HANDLAGGARE), make_user(Role.HANDLAGGARE)
    token = _session_device.set(TOTPDevice.objects.get(user=other).pk)
    try:
        loaded = SessionDeviceBackend().get_user(user.pk)
    finally:
        _session_device.reset(token)
    assert loaded.pk == user.pk
    assert not hasattr(loaded, "session_device")


def test_an_inactive_or_missing_user_is_not_loaded(make_user):
    user = make_user(Role.HANDLAGGARE)
    device = TOTPDevice.objects.get(user=user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    token = _session_device.set(device.pk)
    try:
        assert SessionDeviceBackend().get_user(user.pk) is None
        assert SessionDeviceBackend().get_user(user.pk + 1000) is None
        assert SessionDeviceBackend().get_user("not a number") is None
    finally:
        _session_device.reset(token)


def test_a_session_reads_back_and_an_expired_one_does_not():
    store = SessionStore()
    store["visits"] = 3
    store.save()
    assert SessionStore(store.session_key).load() == {"visits": 3}

    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    # As Django's store: an expired or unknown key is dropped, a new one is made on saving.
    assert expired.session_key is None
    assert SessionStore("x" * 32).load() == {}
