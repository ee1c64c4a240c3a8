"""Reference data every installation needs: the Södertörn municipalities and Huddinge's districts.

Kept in a migration (not demo data) because production needs it too. The data is copied
here, not imported from constants, so that this migration never changes after the fact.
"""

from django.db import migrations

MUNICIPALITIES = [
    ("0127", "Botkyrka kommun"),
    ("0136", "Haninge kommun"),
    ("0126", "Huddinge kommun"),
    ("0140", "Nykvarn kommun"),
    ("0192", "Nynäshamns kommun"),
    ("0128", "Salems kommun"),
    ("0181", "Södertälje kommun"),
    ("0138", "Tyresö kommun"),
]
HUDDINGE_DISTRICTS = [
    "Flemingsberg",
    "Huddinge centrum",
    "Länna",
    "Segeltorp",
    "Sjödalen-Fullersta",
    "Skogås",
    "Stuvsta-Snättringe",
    "Trångsund",
    "Vidja-Ågesta",
    "Vårby (inkl. Masmo)",
]


def forwards(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    District = apps.get_model("organisations", "District")
    for code, name in MUNICIPALITIES:
        kommun, created = Organisation.objects.get_or_create(
            scb_code=code, defaults={"kind": "kommun", "name": name}
        )
        if kommun.municipality_id != kommun.pk:
            kommun.municipality_id = kommun.pk
            kommun.save(update_fields=["municipality"])
    huddinge = Organisation.objects.get(scb_code="0126")
    for name in HUDDINGE_DISTRICTS:
        District.objects.get_or_create(municipality=huddinge, name=name)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
