"""Indicators per district and period: the coordinator defines them and enters values; the
district profile shows them beside the municipality; other municipalities see nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.demo_data import load_demo
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.organisations.models import District
from trygg.prevention.constants import PeriodType
from trygg.prevention.models import Indicator, IndicatorValue, StoredView
from trygg.prevention.periods import period_label, period_start, recent_periods

pytestmark = pytest.mark.django_db
COORDINATOR = "trygghet@huddinge.example"


@pytest.fixture
def demo(huddinge, botkyrka):
    load_demo()


@pytest.fixture
def as_demo(login, demo):
    def do(email: str):
        return login(User.objects.get(email=email), DEMO_PASSWORD)

    return do


def test_periods_are_months_tertials_and_years_said_in_swedish():
    assert period_start(date(2026, 6, 17), PeriodType.TERTIAL) == date(2026, 5, 1)
    assert period_start(date(2026, 12, 31), PeriodType.TERTIAL) == date(2026, 9, 1)
    assert period_start(date(2026, 6, 17), PeriodType.YEAR) == date(2026, 1, 1)
    assert recent_periods(date(2026, 2, 3), PeriodType.TERTIAL, 3) == [
        date(2026, 1, 1),
        date(2025, 9, 1),
        date(2025, 5, 1),
    ]
    assert period_label(date(2026, 5, 1), PeriodType.TERTIAL) == "T2 2026"
    assert period_label(date(2026, 3, 1), PeriodType.MONTH) == "mars 2026"


def test_the_coordinator_defines_an_indicator_and_enters_values(as_demo, huddinge):
    client = as_demo(COORDINATOR)
    response = client.post(
        reverse("prevention:indicator_create"),
        {
            "name": "Bränder i soprum",
            "unit": "antal",
            "source": "Räddningstjänsten",
            "period_type": "tertial",
            "aggregation": "sum",
            "higher_is_worse": "on",
        },
    )
    indicator = Indicator.objects.get(name="Bränder i soprum")
    assert response.status_code == 302 and indicator.municipality_id == huddinge.pk
    flemingsberg = District.objects.get(municipality=huddinge, name="Flemingsberg")
    values_url = reverse("prevention:values", args=[indicator.pk])
    page = client.get(f"{values_url}?period=2026-05-01").content.decode()
    assert "T2 2026" in page and "Flemingsberg" in page
    data = {f"district_{d.pk}": "" for d in District.objects.filter(municipality=huddinge)}
    saved = client.post(
        f"{values_url}?period=2026-05-01", {**data, f"district_{flemingsberg.pk}": "3,5"}
    )
    assert saved.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator)
    assert (value.district_id, value.period_start, value.value) == (
        flemingsberg.pk,
        date(2026, 5, 1),
        Decimal("3.50"),
    )
    event = AuditEvent.objects.filter(action="prevention.values.save").latest("id")
    assert event.payload == {"period": "2026-05-01", "changed": 1}

    # A word instead of a number: named at the field, nothing saved.
    refused = client.post(
        f"{values_url}?period=2026-05-01", {**data, f"district_{flemingsberg.pk}": "många"}
    )
    assert refused.status_code == 200
    assert f'id="id_district_{flemingsberg.pk}_error"' in refused.content.decode()
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal("3.50")

    # Emptying the field removes the value.
    client.post(f"{values_url}?period=2026-05-01", data)
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_a_period_outside_the_list_shows_the_current_one(as_demo):
    client = as_demo(COORDINATOR)
    indicator = Indicator.objects.filter(period_type="month").first()
    page = client.get(
        reverse("prevention:values", args=[indicator.pk]) + "?period=1999-13-45"
    ).content.decode()
    assert "id_period" in page  # the form again, with a valid period chosen


def test_the_name_is_unique_in_the_municipality(as_demo):
    client = as_demo(COORDINATOR)
    existing = Indicator.objects.first()
    response = client.post(
        reverse("prevention:indicator_create"),
        {
            "name": existing.name,
            "unit": "antal",
            "source": "x",
            "period_type": "month",
            "aggregation": "sum",
        },
    )
    assert response.status_code == 200 and 'id="id_name_error"' in response.content.decode()


def test_the_district_profile_compares_with_the_municipality_in_a_few_queries(as_demo, huddinge):
    client = as_demo(COORDINATOR)
    flemingsberg = District.objects.get(municipality=huddinge, name="Flemingsberg")
    url = reverse("prevention:district", args=[flemingsberg.pk])
    client.get(url)
    StoredView.objects.update(version=-1)  # computed again, not read back (test_stored.py)
    with CaptureQueriesContext(connection) as before:
        page = client.get(url).content.decode()
    assert "Anmäld skadegörelse" in page and "<polyline" in page
    assert "Medel för kommunens områden" in page
    # Twice the periods: the same number of queries.
    actor_user = User.objects.get(email=COORDINATOR)
    for value in list(IndicatorValue.objects.all()):
        IndicatorValue.objects.create(
            indicator_id=value.indicator_id,
            district_id=value.district_id,
            period_start=date(value.period_start.year - 10, value.period_start.month, 1),
            value=value.value,
            entered_by=actor_user,
            entered_at=value.entered_at,
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_the_profile_downloads_as_csv_with_decimal_commas(as_demo, huddinge):
    client = as_demo(COORDINATOR)
    flemingsberg = District.objects.get(municipality=huddinge, name="Flemingsberg")
    response = client.get(reverse("prevention:district_csv", args=[flemingsberg.pk]))
    text = b"".join(response.streaming_content).decode()
    header, *rows = text.lstrip("\ufeff").splitlines()
    assert header == "indikator;enhet;period;periodens första dag;området;snitt per område;kommunen"
    assert rows[0].startswith("Andel som känner sig trygga ute på kvällen;%;")
    numbers = [cell for row in rows for cell in row.split(";")[4:]]
    assert not [n for n in numbers if "." in n]  # 78,5 rather than 78.5
    assert [n for n in numbers if "," in n]
    xlsx = client.get(reverse("prevention:district_xlsx", args=[flemingsberg.pk]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_every_prevention_page_is_the_coordinators_and_no_other_municipality_sees_any(
    as_demo, login, make_user, botkyrka, huddinge
):
    indicator = Indicator.objects.first()
    district = District.objects.get(municipality=huddinge, name="Flemingsberg")
    urls = [
        reverse("prevention:index"),
        reverse("prevention:indicator_create"),
        reverse("prevention:indicator_edit", args=[indicator.pk]),
        reverse("prevention:values", args=[indicator.pk]),
        reverse("prevention:district", args=[district.pk]),
        reverse("prevention:district_csv", args=[district.pk]),
        reverse("prevention:district_xlsx", args=[district.pk]),
    ]
    client = as_demo(COORDINATOR)
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    for email in ("samordnare@huddinge.example", "chef@huddinge.example", "admin@huddinge.example"):
        client = as_demo(email)
        assert {client.get(url).status_code for url in urls} == {403}, email
    from trygg.organisations.models import Organisation

    other = make_user(
        Role.TRYGGHETSSAMORDNARE,
        Organisation.objects.create(
            kind="namnd", name="KS Botkyrka", parent=botkyrka, municipality=botkyrka
        ),
    )
    foreign = login(other)
    index = foreign.get(reverse("prevention:index"))
    assert index.status_code == 200 and indicator.name not in index.content.decode()
    assert [foreign.get(url).status_code for url in urls[2:]] == [404] * len(urls[2:])


def test_the_period_cannot_change_once_there_are_values(as_demo):
    client = as_demo(COORDINATOR)
    indicator = Indicator.objects.get(name="Anmäld skadegörelse")
    data = {
        "name": indicator.name,
        "unit": indicator.unit,
        "source": indicator.source,
        "period_type": "year",
        "aggregation": "sum",
        "higher_is_worse": "on",
    }
    url = reverse("prevention:indicator_edit", args=[indicator.pk])
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert 'id="id_period_type_error"' in refused.content.decode()
    saved = client.post(url, {**data, "period_type": "month", "unit": "antal anmälningar"})
    assert saved.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.period_type, indicator.unit) == ("month", "antal anmälningar")
    assert AuditEvent.objects.filter(
        action="prevention.indicator.update", target_id=str(indicator.pk)
    ).exists()


def test_the_municipalitys_line_stays_inside_its_chart():
    """A total of the districts (counts) is drawn on its own scale: every point of the line
    lies within the chart, not above it."""
    from datetime import date
    from decimal import Decimal

    from trygg.prevention.districts.selectors import CHART_HEIGHT, Point, Series

    series = Series(indicator=None)
    for month, total in ((1, Decimal(276)), (2, Decimal(376))):
        series.points.append(
            Point(
                period=date(2026, month, 1),
                label=str(month),
                district=None,
                municipality=total,
                average=total / 12,
            )
        )
    for pair in series.municipality_line.split():
        y = float(pair.split(",")[1])
        assert 0 <= y <= CHART_HEIGHT
