"""SQLite's side of the database guards (the delete gate; see audit migration 0006), and the
condition of a partial index as SQLite must be asked for it (``partial_index_condition``).

On PostgreSQL a test or benchmark database is emptied with TRUNCATE, which the row triggers
guarding the audit log and signed journal entries do not see. Django empties a SQLite
database with DELETE, which they do see; ``gate_flush`` makes that one opening explicit: the
flush's own transaction opens the gate first and closes it last.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.db import connection, transaction
from django.db.models.sql import Query

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


@cache
def partial_index_condition(model, index_name: str) -> str:
    """The condition of ``model``'s partial index ``index_name`` as SQL with its values written
    out as literals, as ``CREATE INDEX … WHERE`` holds it. SQLite uses a partial index only
    for a query that repeats the index's condition word for word with the same literals (a
    bound parameter does not match), so a filter that must be served by one is this text.
    Built from the model's own index definition: no user input reaches it."""
    index = next(index for index in model._meta.indexes if index.name == index_name)
    query = Query(model=model, alias_cols=False)
    where = query.build_where(index.condition)
    sql, params = where.as_sql(query.get_compiler(connection=connection), connection)
    quote = connection.schema_editor().quote_value
    return sql % tuple(quote(param) for param in params)
