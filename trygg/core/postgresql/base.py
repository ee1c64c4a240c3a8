"""Django's PostgreSQL backend, health-checking a kept connection only after it has been idle.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of every
request on a kept connection: a round trip per request, about a twentieth of a busy
worker's time in the load test (issue 14). Here a connection that finished a request
without a database error, or passed its check, less than ``HEALTH_CHECK_AFTER_IDLE_SECONDS``
ago is taken as it is; one idle for longer is checked as before. What that gives up: after
the database restarts, a worker whose connection was in use in the seconds before loses
one request (answered with the 503 page), and Django then replaces the connection, as it
does after any database error.
"""

from __future__ import annotations

import time

from django.core.signals import request_finished
from django.db import connections
from django.db.backends.postgresql import base

HEALTH_CHECK_AFTER_IDLE_SECONDS = 5.0


class DatabaseWrapper(base.DatabaseWrapper):
    known_good_at = float("-inf")

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self.known_good_at = time.monotonic()
        return connection

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and time.monotonic() - self.known_good_at < HEALTH_CHECK_AFTER_IDLE_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
        if self.connection is not None:
            self.known_good_at = time.monotonic()


def _request_went_well(**kwargs) -> None:
    # After Django's own close_old_connections (connected when django.db was imported):
    # a connection still open and without errors has just served a request.
    for connection in connections.all(initialized_only=True):
        if (
            isinstance(connection, DatabaseWrapper)
            and connection.connection is not None
            and not connection.errors_occurred
        ):
            connection.known_good_at = time.monotonic()


request_finished.connect(_request_went_well, dispatch_uid="trygg_connection_known_good")
