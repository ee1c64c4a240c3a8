"""Refuse DELETE of audit rows on SQLite too, as PostgreSQL's trigger does (0002).

SQLite has no session settings, so the one legitimate way round the guard is a row in
``trygg_delete_gate``, inserted and removed inside the same transaction (no other
connection ever sees it). Two purposes use it: ``retention`` (deleting whole closed case
files, see ``trygg.defectors.journal.services.retention_delete_allowed``) and ``flush``
(emptying a test or benchmark database; ``trygg.core.sqlite.gate_flush``, the counterpart of
PostgreSQL's TRUNCATE that row triggers do not see). The audit trigger yields only to
``flush``: nothing in Trygg deletes an audit row.

The table is made with plain SQL, not a model, so Django's own flush never empties it.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TABLE IF NOT EXISTS trygg_delete_gate (purpose TEXT NOT NULL)",
    """
CREATE TRIGGER IF NOT EXISTS audit_event_no_delete
BEFORE DELETE ON audit_auditevent
WHEN NOT EXISTS (SELECT 1 FROM trygg_delete_gate WHERE purpose = 'flush')
BEGIN
    SELECT RAISE(ABORT, 'audit_auditevent is append-only: DELETE refused');
END;
""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TABLE IF EXISTS trygg_delete_gate",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "sqlite":
        for sql in statements:
            schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, SQLITE_FORWARD)


def backwards(apps, schema_editor):
    _run(schema_editor, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_regional_log_review")]

    operations = [migrations.RunPython(forwards, backwards)]
