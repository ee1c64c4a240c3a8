"""Stored views of the prevention cycle and the version that tells whether they are current
(``trygg.prevention.stored.models``).

Triggers add one to the ``prevention_preventionversion`` row (creating it at 1) of the
municipality whose prevention data a row belongs to, in the same transaction as an insert,
delete or update of: an indicator or its value; a district or organisation (their names
are printed; only the columns printed or scoping count); a plan; a measure, its problems and
districts (the link tables), grants, fundings and follow-ups; a problem and its districts. On PostgreSQL and
SQLite alike.

Note for later migrations: SQLite rebuilds a table for many ALTERs, which drops its
triggers; a migration that alters one of the tables below on SQLite must run
``FORWARD["sqlite"]`` again (the test ``test_every_change_behind_a_stored_view_moves_the_version``
fails otherwise).
"""

import django.db.models.deletion
from django.db import migrations, models

from trygg.core.migration_sql import per_vendor, version_triggers

OF_INDICATOR = "(SELECT municipality_id FROM prevention_indicator WHERE id = {row}.indicator_id)"
OF_MEASURE = (
    "(SELECT plan.municipality_id FROM prevention_measure measure"
    " JOIN prevention_plan plan ON plan.id = measure.plan_id WHERE measure.id = {row}.measure_id)"
)
OF_PLAN = "(SELECT municipality_id FROM prevention_plan WHERE id = {row}.plan_id)"
OF_PROBLEM = (
    "(SELECT situation.municipality_id FROM prevention_problem problem"
    " JOIN prevention_situation situation ON situation.id = problem.situation_id"
    " WHERE problem.id = {row}.problem_id)"
)
OF_SITUATION = "(SELECT municipality_id FROM prevention_situation WHERE id = {row}.situation_id)"

# table, the columns whose update counts (None: any), and the municipality of a row
TABLES = [
    ("prevention_indicator", None, ["{row}.municipality_id"]),
    ("prevention_indicatorvalue", None, [OF_INDICATOR]),
    ("organisations_district", ["name", "is_active", "municipality_id"], ["{row}.municipality_id"]),
    ("organisations_organisation", ["name", "municipality_id"], ["{row}.municipality_id"]),
    ("prevention_problem", None, [OF_SITUATION]),
    ("prevention_problem_districts", None, [OF_PROBLEM]),
    ("prevention_plan", None, ["{row}.municipality_id"]),
    ("prevention_measure", None, [OF_PLAN]),
    ("prevention_measure_problems", None, [OF_MEASURE]),
    ("prevention_measure_districts", None, [OF_MEASURE]),
    ("prevention_grant", None, ["{row}.municipality_id"]),
    ("prevention_funding", None, [OF_MEASURE]),
    ("prevention_measureupdate", None, [OF_MEASURE]),
]

FORWARD, BACKWARD = version_triggers(
    name="prevention_version",
    version_table="prevention_preventionversion",
    key_column="municipality_id",
    tables=TABLES,
)


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0006_joint_services'),
        ('prevention', '0011_indicator_value_period_index'),
        ('audit', '0006_sqlite_delete_guard'),  # trygg_delete_gate
    ]

    operations = [
        migrations.CreateModel(
            name='PreventionVersion',
            fields=[
                ('municipality', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='organisations.organisation')),
                ('version', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='StoredView',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True)),
                ('version', models.BigIntegerField()),
                ('data', models.JSONField()),
            ],
        ),
        per_vendor(FORWARD, BACKWARD),
    ]
