"""Django's database sessions, read with SQL written once per process (issue 14).

Only the read of a session on each request is changed: Django's store builds
``Session.objects.get(session_key=..., expire_date__gt=now)`` through the ORM on every
request; here the same statement is written once and executed. Writing, creating, deleting
and expiring sessions are Django's own (``django.contrib.sessions.backends.db``), and the
table is Django's, so ending a user's sessions elsewhere (``Session.objects``) still works.
"""

from __future__ import annotations

from functools import cache

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from trygg.core.sql_once import fetch, quote


@cache
def _select(vendor: str) -> str:
    return (
        f"SELECT {quote('session_data')} FROM {quote(Session._meta.db_table)} "  # noqa: S608 - the models' own names
        f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
    )


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        if not self.session_key:
            self._session_key = None
            return None
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows = fetch(_select(connection.vendor), [self.session_key, now])
        if not rows:
            self._session_key = None
            return None
        return Session(session_key=self.session_key, session_data=rows[0][0])
