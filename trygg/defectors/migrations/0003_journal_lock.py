"""Lock a signed journal entry in the database itself.

A signed entry (signed_at set) is a record of the case file: its text, date, author, case
and what it corrects never change, and the signature is never removed or moved.
PostgreSQL: a trigger refuses such an UPDATE, and refuses DELETE of a signed row unless the
transaction has said it is deleting whole cases for retention (``SET LOCAL trygg.retention
= 'on'``, see ``trygg.defectors.journal.services.retention_delete_allowed``).
SQLite: a trigger refuses such an UPDATE (deletes are not guarded there).

Note for later migrations: SQLite rebuilds a table for many ALTERs, which drops its
triggers; a migration that alters defectors_journalentry on SQLite must recreate this one.
"""

from django.db import migrations

LOCKED_COLUMNS = ("text", "occurred_on", "corrects_id", "case_id", "author_id", "signed_at")

PG_FORWARD = """
CREATE OR REPLACE FUNCTION defectors_journal_entry_locked() RETURNS trigger AS $$
BEGIN
    IF OLD.signed_at IS NULL THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF coalesce(current_setting('trygg.retention', true), '') = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'defectors_journalentry %: a signed entry cannot be deleted', OLD.id;
    END IF;
    IF %(changed)s THEN
        RAISE EXCEPTION 'defectors_journalentry %: a signed entry cannot be changed', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER defectors_journal_entry_lock
    BEFORE UPDATE OR DELETE ON defectors_journalentry
    FOR EACH ROW EXECUTE FUNCTION defectors_journal_entry_locked();
""".replace(
    "%(changed)s",
    " OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in LOCKED_COLUMNS),
)
PG_BACKWARD = """
DROP TRIGGER IF EXISTS defectors_journal_entry_lock ON defectors_journalentry;
DROP FUNCTION IF EXISTS defectors_journal_entry_locked();
"""
SQLITE_FORWARD = """
CREATE TRIGGER IF NOT EXISTS defectors_journal_entry_lock
BEFORE UPDATE ON defectors_journalentry
WHEN OLD.signed_at IS NOT NULL AND (%(changed)s)
BEGIN
    SELECT RAISE(ABORT, 'defectors_journalentry: a signed entry cannot be changed');
END;
""".replace(
    "%(changed)s",
    " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in LOCKED_COLUMNS),
)
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS defectors_journal_entry_lock;"


FORWARD = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}
BACKWARD = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}


def forwards(apps, schema_editor):
    sql = FORWARD.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    sql = BACKWARD.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("defectors", "0002_case_file")]

    operations = [migrations.RunPython(forwards, backwards)]
