"""Importing indicator values from a file: every problem named with its row, nothing imported
until every row is right, a saved mapping, and a log of what was imported."""

import io
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.prevention.models import (
    ImportMapping,
    ImportStatus,
    Indicator,
    IndicatorValue,
    ValueImport,
)

pytestmark = pytest.mark.django_db
COORDINATOR = "trygghet@huddinge.example"
VANDALISM = "Anmäld skadegörelse"


@pytest.fixture
def client(login, huddinge, botkyrka):
    call_command("seed_demo", force=True, stdout=StringIO())
    return login(User.objects.get(email=COORDINATOR), DEMO_PASSWORD)


def _upload(client, name: str, content: bytes):
    return client.post(
        reverse("prevention:import_list"), {"file": SimpleUploadedFile(name, content)}
    )


CSV_WITH_A_BAD_ROW = (
    "\ufeffOmråde;Månad;Antal;Indikator\n"
    f"Flemingsberg;2020-01;12;{VANDALISM}\n"
    f"Länna;2020-01;7,5;{VANDALISM}\n"
    f"Flemingberg;2020-02;många;{VANDALISM}\n"
    f"Flemingsberg;2020-01;3;{VANDALISM}\n"
).encode()


def test_a_file_with_bad_rows_names_each_and_imports_nothing_then_the_fixed_file_imports(client):
    before = IndicatorValue.objects.count()
    response = _upload(client, "polisen.csv", CSV_WITH_A_BAD_ROW)
    upload = ValueImport.objects.latest("id")
    assert response.status_code == 302 and upload.row_count == 4
    page = client.get(reverse("prevention:import", args=[upload.pk])).content.decode()
    # The columns were guessed from their names; the preview shows the rows.
    assert 'value="Område" selected' in page and "Flemingberg" in page
    mapping = {
        "district_column": "Område",
        "period_column": "Månad",
        "value_column": "Antal",
        "indicator_column": "Indikator",
        "indicator": "",
    }
    checked = client.post(reverse("prevention:import", args=[upload.pk]), {**mapping, "check": ""})
    html = checked.content.decode()
    assert "Rad 4: inget område som heter ”Flemingberg”" in html
    assert "Rad 4: ”många” är inte ett tal" in html
    assert "Rad 5: samma indikator, område och period som rad 2" in html
    assert 'name="import"' not in html  # no import button while a row is wrong
    refused = client.post(reverse("prevention:import", args=[upload.pk]), {**mapping, "import": ""})
    assert refused.status_code == 200
    assert IndicatorValue.objects.count() == before
    upload.refresh_from_db()
    assert (upload.status, upload.problem_count) == (ImportStatus.PROBLEMS, 3)

    fixed = CSV_WITH_A_BAD_ROW.replace(
        b"Flemingberg;2020-02;m\xc3\xa5nga", b"Flemingsberg;2020-02;4"
    )
    fixed = fixed.replace(b"Flemingsberg;2020-01;3;", b"Vidja-\xc3\x85gesta;2020-01;3;")
    _upload(client, "polisen-rattad.csv", fixed)
    upload = ValueImport.objects.latest("id")
    ready = client.post(
        reverse("prevention:import", args=[upload.pk]),
        {**mapping, "check": "", "save_as": "Polisens månadsfil"},
    )
    assert "4 värden är klara att importera" in ready.content.decode()
    done = client.post(reverse("prevention:import", args=[upload.pk]), {**mapping, "import": ""})
    assert done.status_code == 302
    assert IndicatorValue.objects.count() == before + 4
    indicator = Indicator.objects.get(name=VANDALISM)
    lanna = IndicatorValue.objects.get(
        indicator=indicator, district__name="Länna", period_start=date(2020, 1, 1)
    )
    assert lanna.value == Decimal("7.50")
    upload.refresh_from_db()
    assert (upload.status, upload.imported_count, bytes(upload.content)) == (
        ImportStatus.IMPORTED,
        4,
        b"",
    )
    assert ImportMapping.objects.get(name="Polisens månadsfil").value_column == "Antal"
    event = AuditEvent.objects.filter(action="prevention.import.finish").latest("id")
    assert event.payload == {"values": 4, "written": 4}
    log = client.get(reverse("prevention:import_list")).content.decode()
    assert "polisen-rattad.csv" in log and "Importerad (4)" in log and "Problem hittade" in log


def test_an_excel_file_of_one_indicator_imports_with_a_saved_mapping(client):
    from openpyxl import Workbook

    indicator = Indicator.objects.get(name=VANDALISM)
    saved = ImportMapping.objects.create(
        municipality_id=indicator.municipality_id,
        name="Skadegörelse",
        district_column="Kommundel",
        period_column="Period",
        value_column="Värde",
        indicator=indicator,
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kommundel", "Period", "Värde"])
    sheet.append(["Skogås", date(2019, 3, 1), 5])
    sheet.append(["skogås", "2019-04", 6.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _upload(client, "skadegorelse.xlsx", buffer.getvalue())
    upload = ValueImport.objects.latest("id")
    page = client.get(reverse("prevention:import", args=[upload.pk]) + f"?mapping={saved.pk}")
    assert f'<option value="{indicator.pk}" selected' in page.content.decode()
    data = {
        "district_column": "Kommundel",
        "period_column": "Period",
        "value_column": "Värde",
        "indicator": indicator.pk,
        "indicator_column": "",
    }
    client.post(reverse("prevention:import", args=[upload.pk]), {**data, "import": ""})
    values = IndicatorValue.objects.filter(indicator=indicator, period_start__year=2019)
    assert sorted(v.value for v in values) == [Decimal("5.00"), Decimal("6.50")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.csv", b"", "är tom"),
        ("bara-rubrik.csv", b"Omrade;Period;Varde\n", "minst en rad"),
        ("fel.xlsx", b"Omrade;Period\nA;B\n", "CSV-fil eller en Excelfil"),
        ("trasig.xlsx", b"PK\x03\x04 not really a workbook", "kunde inte läsas"),
        ("dubbel.csv", b"A;A\n1;2\n", "egen rubrik"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_at_the_field(client, name, content, message):
    response = _upload(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ValueImport.objects.exists()


def test_another_municipality_never_reaches_an_import(client, login, make_user, botkyrka):
    from trygg.core.roles import Role
    from trygg.organisations.models import Organisation

    _upload(client, "polisen.csv", CSV_WITH_A_BAD_ROW)
    upload = ValueImport.objects.latest("id")
    other = make_user(
        Role.TRYGGHETSSAMORDNARE,
        Organisation.objects.create(
            kind="namnd", name="KS Botkyrka", parent=botkyrka, municipality=botkyrka
        ),
    )
    foreign = login(other)
    assert foreign.get(reverse("prevention:import", args=[upload.pk])).status_code == 404
    assert "polisen.csv" not in foreign.get(reverse("prevention:import_list")).content.decode()
