"""A kept PostgreSQL connection is health-checked before a request only when it has been idle
for a while (trygg.core.postgresql): not a round trip on every request of a busy worker, and
still a fresh connection after a quiet spell in which the database may have gone away."""

from __future__ import annotations

import time

import pytest
from django.db import connection, connections

from trygg.core.postgresql import base

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's"),
]


@pytest.fixture
def db_connection():
    return connections["default"]


@pytest.fixture
def checks(monkeypatch, db_connection):
    made = []
    real = db_connection.is_usable

    def counted():
        made.append(1)
        return real()

    monkeypatch.setattr(db_connection, "is_usable", counted)
    db_connection.ensure_connection()
    return made


def _next_request():
    # A request starts (Django's request_started handler marks the kept connection as not yet
    # checked), then makes its first query.
    connections["default"].health_check_done = False
    connections["default"].close_if_health_check_failed()


def test_a_connection_busy_a_moment_ago_is_not_checked_again(checks, db_connection):
    assert isinstance(db_connection, base.DatabaseWrapper) and db_connection.health_check_enabled
    base._request_went_well()
    _next_request()
    assert checks == []
    assert db_connection.health_check_done


def test_a_connection_idle_for_longer_is_checked_before_its_next_request(checks, db_connection):
    db_connection.known_good_at = time.monotonic() - base.HEALTH_CHECK_AFTER_IDLE_SECONDS - 1
    _next_request()
    assert checks == [1]
    # Having passed, it counts as good for the next few seconds.
    _next_request()
    assert checks == [1]


def test_a_request_with_a_database_error_does_not_vouch_for_the_connection(checks, db_connection):
    db_connection.known_good_at = time.monotonic() - base.HEALTH_CHECK_AFTER_IDLE_SECONDS - 1
    db_connection.errors_occurred = True
    try:
        base._request_went_well()
        idle = time.monotonic() - db_connection.known_good_at
        assert idle > base.HEALTH_CHECK_AFTER_IDLE_SECONDS
    finally:
        db_connection.errors_occurred = False


def test_statements_are_planned_for_their_own_values_not_prepared(db_connection, make_user):
    """No prepared statements (ADR 0017): PostgreSQL would, after five runs, reuse one plan
    for every value, and for a rare value (the retention job's last event among millions)
    that plan read the whole audit log. Each run is planned for its own values."""
    from trygg.accounts.models import User

    user = make_user()
    for _ in range(8):
        assert User.objects.filter(pk=user.pk, is_active=True).get() == user
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0
