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
``defectors_intervention`` on SQLite must run ``FORWARD["sqlite"]`` again (the test
``test_every_counted_change_moves_the_version`` fails otherwise).
"""

import django.db.models.deletion
from django.db import migrations, models

from trygg.core.migration_sql import per_vendor, version_triggers

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


FORWARD, BACKWARD = version_triggers(
    name="statistics",
    version_table="defectors_statisticsversion",
    key_column="organisation_id",
    tables=TABLES,
)


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
