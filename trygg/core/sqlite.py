"""SQLite's side of the database guards (the delete gate; see audit migration 0006).

On PostgreSQL a test or benchmark database is emptied with TRUNCATE, which the row triggers
guarding the audit log and signed journal entries do not see. Django empties a SQLite
database with DELETE, which they do see; ``gate_flush`` makes that one opening explicit: the
flush's own transaction opens the gate first and closes it last.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

GATE = "trygg_delete_gate"


@contextmanager
def gate_open(purpose: str) -> Iterator[None]:
    """Open the delete gate for ``purpose`` in a transaction of its own (or a savepoint)
    for the block only. A rollback takes the opening with it; no other connection sees it."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {GATE} (purpose) VALUES (%s)", [purpose])  # noqa: S608
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {GATE} WHERE purpose = %s", [purpose])  # noqa: S608


def gate_flush() -> None:
    """Let Django's flush (tests with a live server, the benchmark) empty a SQLite database
    whose audit log and signed journal entries refuse DELETE. Not used by the application."""
    if connection.vendor != "sqlite":
        return
    DatabaseOperations = type(connection.ops)
    if getattr(DatabaseOperations.sql_flush, "gated", False):
        return
    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if not statements:
            return statements
        return [
            f"INSERT INTO {GATE} (purpose) VALUES ('flush');",  # noqa: S608
            *statements,
            f"DELETE FROM {GATE} WHERE purpose = 'flush';",  # noqa: S608
        ]

    sql_flush.gated = True
    DatabaseOperations.sql_flush = sql_flush
