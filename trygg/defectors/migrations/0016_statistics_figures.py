"""The statistics' stored figures and the versions that tell whether they are current
(``trygg.defectors.statistics.models``).

Triggers add one to the ``defectors_statisticsversion`` row (creating it at 1) of a case's
unit and of its municipality in the same transaction as: a case inserted or deleted, or
updated in status, outcome, opening or closing time, unit or municipality (not every save:
a journal entry moves the case's last entry, which no figure counts); an intake or
intervention inserted, deleted, or updated in what the statistics count. On PostgreSQL and
SQLite alike; PostgreSQL bumps the rows in id order (two transfers crossing each other
cannot deadlock on them).

Note for later migrations: SQLite rebuilds a table for many ALTERs, which drops its
triggers; a migration that alters ``defectors_case``, ``defectors_intake`` or
``defectors_intervention`` on SQLite must run ``SQLITE_FORWARD`` again (the test
``test_every_counted_change_moves_the_version`` fails otherwise).
"""

import django.db.models.deletion
from django.db import migrations, models

from trygg.core.migration_sql import per_vendor

VERSION = "defectors_statisticsversion"
UPSERT = (
    f"INSERT INTO {VERSION} (organisation_id, version) {{source}} "
    f"ON CONFLICT (organisation_id) DO UPDATE SET version = {VERSION}.version + 1"
)
# Not while a test or benchmark database is emptied (trygg.core.sqlite.gate_flush; see
# fund migration 0014). PostgreSQL empties with TRUNCATE, which row triggers do not see.
NOT_FLUSHING = "NOT EXISTS (SELECT 1 FROM trygg_delete_gate WHERE purpose = 'flush')"

CASE_COLUMNS = ["status", "outcome", "opened_at", "closed_at", "unit_id", "municipality_id"]
INTAKE_COLUMNS = ["date", "source", "group_type", "municipality_id", "case_id"]
INTERVENTION_COLUMNS = [
    "type",
    "start_on",
    "decided_cost",
    "actual_cost",
    "municipality_id",
    "case_id",
]
UNIT_OF = "(SELECT unit_id FROM defectors_case WHERE id = {row}.case_id)"

# table, counted columns, and the organisations a row's change moves (given OLD or NEW)
TABLES = [
    ("defectors_case", CASE_COLUMNS, ["{row}.municipality_id", "{row}.unit_id"]),
    ("defectors_intake", INTAKE_COLUMNS, ["{row}.municipality_id", UNIT_OF]),
    ("defectors_intervention", INTERVENTION_COLUMNS, ["{row}.municipality_id", UNIT_OF]),
]


def _sqlite_bump(organisation: str) -> str:
    return UPSERT.format(source=f"SELECT {organisation}, 1 WHERE {organisation} IS NOT NULL") + ";"


def _sqlite_triggers(table: str, columns: list[str], organisations: list[str]) -> list[str]:
    def trigger(event: str, rows: list[str], changed: str = "") -> str:
        body = "\n    ".join(_sqlite_bump(o.format(row=r)) for r in rows for o in organisations)
        when = f"{NOT_FLUSHING} AND ({changed})" if changed else NOT_FLUSHING
        return (
            f"CREATE TRIGGER IF NOT EXISTS {table}_statistics_{event.lower()} "
            f"AFTER {event} ON {table}\nWHEN {when}\nBEGIN\n    {body}\nEND;"
        )

    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    return [
        trigger("INSERT", ["NEW"]),
        trigger("DELETE", ["OLD"]),
        trigger("UPDATE", ["OLD", "NEW"], changed),
    ]


SQLITE_FORWARD = [sql for table in TABLES for sql in _sqlite_triggers(*table)]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_statistics_{event};"
    for table, _columns, _organisations in TABLES
    for event in ("insert", "delete", "update")
]


def _pg_function(table: str, organisations: list[str]) -> str:
    old = ", ".join(o.format(row="OLD") for o in organisations)
    new = ", ".join(o.format(row="NEW") for o in organisations)
    return f"""
CREATE OR REPLACE FUNCTION {table}_statistics() RETURNS trigger AS $$
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
        {UPSERT.format(source="VALUES (organisation, 1)")};
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_statistics_change
    AFTER INSERT OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_statistics();
"""


def _pg_update_trigger(table: str, columns: list[str]) -> str:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    return f"""
CREATE TRIGGER {table}_statistics_update
    AFTER UPDATE ON {table}
    FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {table}_statistics();
"""


PG_FORWARD = [
    sql
    for table, columns, organisations in TABLES
    for sql in (_pg_function(table, organisations), _pg_update_trigger(table, columns))
]
PG_BACKWARD = [
    sql
    for table, _columns, _organisations in TABLES
    for sql in (
        f"DROP TRIGGER IF EXISTS {table}_statistics_update ON {table};",
        f"DROP TRIGGER IF EXISTS {table}_statistics_change ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_statistics();",
    )
]

FORWARD = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}
BACKWARD = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}



class Migration(migrations.Migration):
    dependencies = [
        ("defectors", "0015_municipality_on_intakes_and_interventions"),
        ("organisations", "0006_joint_services"),
        ("audit", "0006_sqlite_delete_guard"),  # trygg_delete_gate
    ]

    operations = [
        migrations.CreateModel(
            name="StatisticsFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=400, unique=True)),
                ("versions", models.JSONField()),
                ("figures", models.JSONField()),
            ],
        ),
        migrations.CreateModel(
            name="StatisticsVersion",
            fields=[
                (
                    "organisation",
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
        per_vendor(FORWARD, BACKWARD),
    ]
