"""For migrations that write SQL of their own per database (triggers and their functions,
which PostgreSQL and SQLite write differently)."""

from __future__ import annotations

from django.db import migrations


def per_vendor(
    forward: dict[str, list[str]], backward: dict[str, list[str]]
) -> migrations.RunPython:
    """An operation that runs ``forward[vendor]`` (``backward[vendor]`` when unapplied), one
    statement at a time, for the database in use; a database not named runs nothing."""

    def run(statements: dict[str, list[str]]):
        def operation(apps, schema_editor):
            for statement in statements.get(schema_editor.connection.vendor, []):
                schema_editor.execute(statement, params=None)

        return operation

    return migrations.RunPython(run(forward), run(backward))


# Not while a test or benchmark database is emptied (trygg.core.sqlite.gate_flush; see fund
# migration 0014). PostgreSQL empties with TRUNCATE, which row triggers do not see.
NOT_FLUSHING = "NOT EXISTS (SELECT 1 FROM trygg_delete_gate WHERE purpose = 'flush')"


def version_triggers(
    *,
    name: str,
    version_table: str,
    key_column: str,
    tables: list[tuple[str, list[str] | None, list[str]]],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Triggers that add one to a version row (``version_table``, keyed by ``key_column``,
    created at 1) in the same transaction as a change of the rows something is computed
    from, on PostgreSQL and SQLite alike: the ``forward`` and ``backward`` statements for
    ``per_vendor``.

    ``tables``: each table, the columns whose update counts (``None``: any update), and the
    keys a row's change moves, as SQL with ``{row}`` for OLD or NEW (a NULL key moves
    nothing). PostgreSQL bumps the rows in key order, so two transactions crossing each
    other cannot deadlock on them. The triggers and functions are named
    ``<table>_<name>...``."""
    upsert = (
        f"INSERT INTO {version_table} ({key_column}, version) {{source}} "
        f"ON CONFLICT ({key_column}) DO UPDATE SET version = {version_table}.version + 1"
    )

    def sqlite(table: str, columns: list[str] | None, keys: list[str]) -> list[str]:
        def trigger(event: str, rows: list[str], changed: str = "") -> str:
            body = "\n    ".join(
                upsert.format(source=f"SELECT {key}, 1 WHERE {key} IS NOT NULL") + ";"
                for row in rows
                for key in (k.format(row=row) for k in keys)
            )
            when = f"{NOT_FLUSHING} AND ({changed})" if changed else NOT_FLUSHING
            return (
                f"CREATE TRIGGER IF NOT EXISTS {table}_{name}_{event.lower()} "
                f"AFTER {event} ON {table}\nWHEN {when}\nBEGIN\n    {body}\nEND;"
            )

        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns or [])
        return [
            trigger("INSERT", ["NEW"]),
            trigger("DELETE", ["OLD"]),
            trigger("UPDATE", ["OLD", "NEW"], changed),
        ]

    def postgresql(table: str, columns: list[str] | None, keys: list[str]) -> list[str]:
        old = ", ".join(k.format(row="OLD") for k in keys)
        new = ", ".join(k.format(row="NEW") for k in keys)
        function = f"""
CREATE OR REPLACE FUNCTION {table}_{name}() RETURNS trigger AS $$
DECLARE
    ids bigint[] := ARRAY[]::bigint[];
    organisation bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        ids := ids || ARRAY[{old}]::bigint[];
    END IF;
    IF TG_OP <> 'DELETE' THEN
        ids := ids || ARRAY[{new}]::bigint[];
    END IF;
    FOR organisation IN
        SELECT DISTINCT id FROM unnest(ids) AS id WHERE id IS NOT NULL ORDER BY id
    LOOP
        {upsert.format(source="VALUES (organisation, 1)")};
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_{name}_change
    AFTER INSERT OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_{name}();
"""  # noqa: S608 - the migration's own table and column names, no input
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns or [])
        when = f" WHEN ({changed})" if changed else ""
        update = f"""
CREATE TRIGGER {table}_{name}_update
    AFTER UPDATE ON {table}
    FOR EACH ROW{when} EXECUTE FUNCTION {table}_{name}();
"""
        return [function, update]

    forward = {
        "postgresql": [sql for entry in tables for sql in postgresql(*entry)],
        "sqlite": [sql for entry in tables for sql in sqlite(*entry)],
    }
    backward = {
        "postgresql": [
            sql
            for table, _columns, _keys in tables
            for sql in (
                f"DROP TRIGGER IF EXISTS {table}_{name}_update ON {table};",
                f"DROP TRIGGER IF EXISTS {table}_{name}_change ON {table};",
                f"DROP FUNCTION IF EXISTS {table}_{name}();",
            )
        ],
        "sqlite": [
            f"DROP TRIGGER IF EXISTS {table}_{name}_{event};"
            for table, _columns, _keys in tables
            for event in ("insert", "delete", "update")
        ],
    }
    return forward, backward
