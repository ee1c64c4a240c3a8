"""Every municipality on the installation gets the default partner agencies (its system
administrator adds more): the defector programme refers people to them under consent."""

from django.db import migrations

from trygg.organisations.constants import DEFAULT_PARTNERS


def forwards(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    for municipality in Organisation.objects.filter(kind="kommun"):
        for name, partner_type in DEFAULT_PARTNERS:
            Organisation.objects.get_or_create(
                parent=municipality,
                name=name,
                defaults={
                    "kind": "partner",
                    "partner_type": partner_type,
                    "municipality": municipality,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_partner_types")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
