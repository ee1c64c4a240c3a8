"""The demo data for tests, built once per test process and put back for every test after that.

``seed_demo`` goes through the services (accounts, encrypted people, cases, audit events) and
takes most of a second; over four hundred tests ask for it. The first test of a process that
asks seeds it the real way, and the rows it added are kept (every table, read back as they are
in the database: encrypted values, hashes and audit chain included); each later test gets
the same rows inserted as they were, inside its own transaction, which the test's rollback
removes as before. The demo data is therefore the same in every test, byte for byte.

Used only when the database holds nothing but its reference data (no user yet), so that the
rows put back cannot meet rows a test made first; otherwise, or if putting the rows back
fails, ``seed_demo`` runs as it always did.
"""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

# (flags) -> {table: (columns, rows)} of the rows seed_demo added, per test process.
_KEPT: dict[tuple, dict[str, tuple[list[str], list[tuple]]]] = {}


def _value(value):
    return bytes(value) if isinstance(value, memoryview) else value


def _rows() -> dict[str, tuple[list[str], list[tuple]]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            tables[table] = (columns, [tuple(_value(v) for v in row) for row in cursor.fetchall()])
    return tables


def _pristine() -> bool:
    from trygg.accounts.models import User

    return not User.objects.exists()


def _added(before: dict, after: dict) -> dict | None:
    """The rows seed_demo added, or None when it also changed or removed rows (which putting
    rows back could not repeat)."""
    added = {}
    for table, (columns, rows) in after.items():
        old_columns, old_rows = before.get(table, (columns, []))
        try:
            old = set(old_rows)
            unchanged = old_columns == columns and old <= set(rows)
        except TypeError:  # a value Python cannot compare as a whole: not kept
            return None
        if not unchanged:
            return None
        new = [row for row in rows if row not in old]
        if new:
            added[table] = (columns, new)
    return added


def _put_back(kept: dict) -> None:
    quote = connection.ops.quote_name
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for table, (columns, rows) in kept.items():
            names = ", ".join(quote(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            insert = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
            if table.endswith("version"):
                # Version rows that database triggers keep: the rows put back before them
                # made them already (their numbers differ; only their changes count).
                insert = (
                    f"{insert} ON CONFLICT DO NOTHING"
                    if postgresql
                    else insert.replace("INSERT", "INSERT OR IGNORE", 1)
                )
            cursor.executemany(insert, rows)
        with_ids = [table for table, (columns, _rows) in kept.items() if "id" in columns]
        if postgresql and with_ids:
            # Sequences are not rolled back, so they are past these ids already; made sure,
            # for every table in one statement.
            highest = " UNION ALL ".join(
                f"SELECT %s AS name, (SELECT MAX(id) FROM {quote(table)}) AS top"  # noqa: S608
                for table in with_ids
            )
            cursor.execute(
                "SELECT setval(seq, GREATEST(top, nextval(seq))) FROM ("  # noqa: S608
                "SELECT pg_get_serial_sequence(name, 'id') AS seq, top "
                f"FROM ({highest}) AS highest) AS serial WHERE seq IS NOT NULL",
                with_ids,
            )


def load_demo(**flags) -> None:
    """The demo data (``seed_demo --force`` with ``flags``) in the current test's database."""
    key = tuple(sorted(flags.items()))
    kept = _KEPT.get(key)
    if kept is not None and _pristine():
        try:
            with transaction.atomic():
                _put_back(kept)
            return
        except DatabaseError:
            pass  # a row the test made first: seed the real way
    pristine = _pristine()
    before = _rows() if pristine and key not in _KEPT else None
    call_command("seed_demo", force=True, stdout=StringIO(), **flags)
    if before is not None:
        added = _added(before, _rows())
        if added is not None:
            _KEPT[key] = added
