"""The case's municipality on its intake and interventions, for the regional statistics
(issue 14): added empty, filled from each row's case, then required; and the two indexes that
count a period's rows per municipality."""

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    "UPDATE {table} SET municipality_id = "
    "(SELECT municipality_id FROM defectors_case WHERE defectors_case.id = {table}.case_id)"
)


def _field(null: bool):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="organisations.organisation",
        verbose_name="municipality",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("defectors", "0014_intake_statistics_index"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="intake", name="municipality", field=_field(True)),
        migrations.AddField(model_name="intervention", name="municipality", field=_field(True)),
        migrations.RunSQL(FILL.format(table="defectors_intake"), migrations.RunSQL.noop),
        migrations.RunSQL(FILL.format(table="defectors_intervention"), migrations.RunSQL.noop),
        migrations.AlterField(model_name="intake", name="municipality", field=_field(False)),
        migrations.AlterField(model_name="intervention", name="municipality", field=_field(False)),
        migrations.AddIndex(
            model_name="intake",
            index=models.Index(
                fields=["date", "municipality", "source", "group_type"],
                name="defectors_intake_region_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="intervention",
            index=models.Index(
                fields=["start_on", "municipality", "type", "case", "decided_cost", "actual_cost"],
                name="defectors_interv_region_idx",
            ),
        ),
    ]
