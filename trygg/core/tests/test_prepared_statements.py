"""PostgreSQL plans a statement once per connection, not on every request (issue 14):
parameters are bound by the server and a statement run again is prepared
(DATABASE_PREPARE_THRESHOLD, "off" for an old PgBouncer)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection

from trygg.accounts.models import User

PRINT_OPTIONS = (
    "import django; django.setup(); from django.db import connection; "
    "o = connection.settings_dict['OPTIONS']; "
    "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
)


def _options(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": "postgres://trygg@127.0.0.1:5432/trygg",
            **env,
        },
        capture_output=True,
        text=True,
    )


def test_postgresql_connections_prepare_statements_unless_turned_off():
    assert _options().stdout.split() == ["True", "2"]
    assert _options(DATABASE_PREPARE_THRESHOLD="5").stdout.split() == ["True", "5"]
    assert _options(DATABASE_PREPARE_THRESHOLD="off").stdout.split() == ["None", "None"]
    wrong = _options(DATABASE_PREPARE_THRESHOLD="sometimes")
    assert wrong.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be a whole number" in wrong.stderr


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_a_query_run_twice_is_prepared_and_planned_once(make_user):
    user = make_user()
    for _ in range(3):
        assert User.objects.filter(pk=user.pk, is_active=True).get() == user
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "accounts_user" WHERE%"accounts_user"."id" = $%'],
        )
        prepared = [row[0] for row in cursor.fetchall()]
    # One statement, the values parameters of the server's, not in its text.
    assert len(prepared) == 1
    assert f'"accounts_user"."id" = {user.pk}' not in prepared[0]
