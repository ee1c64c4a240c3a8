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
