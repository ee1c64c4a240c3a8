"""Refuse DELETE of a signed journal entry on SQLite too, as PostgreSQL's trigger does
(0003): only while the transaction has opened the gate for retention (or a test database is
being emptied) may it go. The gate table is made in audit 0006."""

from django.db import migrations

SQLITE_FORWARD = """
CREATE TRIGGER IF NOT EXISTS defectors_journal_entry_no_delete
BEFORE DELETE ON defectors_journalentry
WHEN OLD.signed_at IS NOT NULL
    AND NOT EXISTS (
        SELECT 1 FROM trygg_delete_gate WHERE purpose IN ('retention', 'flush')
    )
BEGIN
    SELECT RAISE(ABORT, 'defectors_journalentry: a signed entry cannot be deleted');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS defectors_journal_entry_no_delete;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("defectors", "0006_duplicate_match"),
        ("audit", "0006_sqlite_delete_guard"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
