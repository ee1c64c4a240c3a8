"""The application's municipality on its decision, for the report of delegated decisions
(issue 14): added empty, filled from each decision's application, then required; the period
index leads with it, so a municipality's decisions of a period are one range of the index."""

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    "UPDATE fund_decision SET municipality_id = (SELECT municipality_id FROM fund_application "
    "WHERE fund_application.id = fund_decision.application_id)"
)


def _field(null: bool):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="organisations.organisation",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0016_public_list_index"),
        ("organisations", "0006_joint_services"),
    ]

    operations = [
        migrations.AddField(model_name="decision", name="municipality", field=_field(True)),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(model_name="decision", name="municipality", field=_field(False)),
        migrations.RemoveIndex(model_name="decision", name="fund_decision_period_idx"),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                fields=["municipality", "created_at", "reported_in"],
                name="fund_decision_period_idx",
            ),
        ),
    ]
