"""The dashboard's stored figures and the version that tells whether they are current
(``trygg.fund.models.figures``).

Triggers add one to the municipality's ``fund_applicationsversion`` row (creating it at 1)
in the same transaction as every INSERT, UPDATE or DELETE of ``fund_application``, every
INSERT or DELETE of ``fund_application_districts`` and every UPDATE of ``fund_call`` (a call
moved to another fund year), on PostgreSQL and SQLite alike.

Note for later migrations: SQLite rebuilds a table for many ALTERs, which drops its
triggers; a migration that alters one of these three tables on SQLite must run
``SQLITE_FORWARD`` again (the test ``test_every_change_of_an_application_moves_the_version``
fails otherwise).
"""

import django.db.models.deletion
from django.db import migrations, models

from trygg.core.migration_sql import per_vendor

UPSERT = (
    "INSERT INTO fund_applicationsversion (municipality_id, version) {source} "
    "ON CONFLICT (municipality_id) DO UPDATE SET version = fund_applicationsversion.version + 1"
)


def _bump_sqlite(municipality: str) -> str:
    return UPSERT.format(source=f"SELECT {municipality}, 1 WHERE {municipality} IS NOT NULL") + ";"


# Not while a test or benchmark database is emptied (trygg.core.sqlite.gate_flush): the flush
# deletes table by table, and a version row written for a municipality already deleted would
# fail its foreign key. PostgreSQL empties with TRUNCATE, which row triggers do not see.
NOT_FLUSHING = "NOT EXISTS (SELECT 1 FROM trygg_delete_gate WHERE purpose = 'flush')"


def _sqlite_trigger(name: str, event: str, table: str, municipalities: list[str]) -> str:
    body = "\n    ".join(_bump_sqlite(m) for m in municipalities)
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table}\n"
        f"WHEN {NOT_FLUSHING}\nBEGIN\n    {body}\nEND;"
    )


APPLICATION_OF = "(SELECT municipality_id FROM fund_application WHERE id = {row}.application_id)"
FUND_YEAR_OF = "(SELECT municipality_id FROM fund_fundyear WHERE id = {row}.fund_year_id)"

SQLITE_TRIGGERS = [
    ("fund_application_version_insert", "INSERT", "fund_application", ["NEW.municipality_id"]),
    (
        "fund_application_version_update",
        "UPDATE",
        "fund_application",
        ["OLD.municipality_id", "NEW.municipality_id"],
    ),
    ("fund_application_version_delete", "DELETE", "fund_application", ["OLD.municipality_id"]),
    (
        "fund_application_districts_version_insert",
        "INSERT",
        "fund_application_districts",
        [APPLICATION_OF.format(row="NEW")],
    ),
    (
        "fund_application_districts_version_delete",
        "DELETE",
        "fund_application_districts",
        [APPLICATION_OF.format(row="OLD")],
    ),
    (
        "fund_call_version_update",
        "UPDATE OF fund_year_id",
        "fund_call",
        [FUND_YEAR_OF.format(row="OLD"), FUND_YEAR_OF.format(row="NEW")],
    ),
]
SQLITE_FORWARD = [_sqlite_trigger(*trigger) for trigger in SQLITE_TRIGGERS]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {trigger[0]};" for trigger in SQLITE_TRIGGERS]

PG_FORWARD = [
    """
CREATE OR REPLACE FUNCTION fund_applications_version_bump(municipality bigint) RETURNS void AS $$
BEGIN
    IF municipality IS NOT NULL THEN
        """
    + UPSERT.format(source="VALUES (municipality, 1)")
    + """;
    END IF;
END;
$$ LANGUAGE plpgsql;
""",
    """
CREATE OR REPLACE FUNCTION fund_application_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM fund_applications_version_bump(OLD.municipality_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM fund_applications_version_bump(NEW.municipality_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fund_application_version
    AFTER INSERT OR UPDATE OR DELETE ON fund_application
    FOR EACH ROW EXECUTE FUNCTION fund_application_version();
""",
    """
CREATE OR REPLACE FUNCTION fund_application_districts_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM fund_applications_version_bump("""
    + APPLICATION_OF.format(row="OLD")
    + """);
    ELSE
        PERFORM fund_applications_version_bump("""
    + APPLICATION_OF.format(row="NEW")
    + """);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fund_application_districts_version
    AFTER INSERT OR DELETE ON fund_application_districts
    FOR EACH ROW EXECUTE FUNCTION fund_application_districts_version();
""",
    """
CREATE OR REPLACE FUNCTION fund_call_version() RETURNS trigger AS $$
BEGIN
    PERFORM fund_applications_version_bump("""
    + FUND_YEAR_OF.format(row="OLD")
    + """);
    PERFORM fund_applications_version_bump("""
    + FUND_YEAR_OF.format(row="NEW")
    + """);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fund_call_version
    AFTER UPDATE OF fund_year_id ON fund_call
    FOR EACH ROW EXECUTE FUNCTION fund_call_version();
""",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS fund_call_version ON fund_call;",
    "DROP TRIGGER IF EXISTS fund_application_districts_version ON fund_application_districts;",
    "DROP TRIGGER IF EXISTS fund_application_version ON fund_application;",
    "DROP FUNCTION IF EXISTS fund_call_version();",
    "DROP FUNCTION IF EXISTS fund_application_districts_version();",
    "DROP FUNCTION IF EXISTS fund_application_version();",
    "DROP FUNCTION IF EXISTS fund_applications_version_bump(bigint);",
]

FORWARD = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}
BACKWARD = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}



class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0013_application_list_index"),
        ("organisations", "0006_joint_services"),
        ("audit", "0006_sqlite_delete_guard"),  # trygg_delete_gate
    ]

    operations = [
        migrations.CreateModel(
            name="ApplicationsVersion",
            fields=[
                (
                    "municipality",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="organisations.organisation",
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="DashboardFigures",
            fields=[
                (
                    "fund_year",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="fund.fundyear",
                    ),
                ),
                ("version", models.BigIntegerField()),
                ("figures", models.JSONField()),
            ],
        ),
        per_vendor(FORWARD, BACKWARD),
    ]
