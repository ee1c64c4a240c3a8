"""Place reports (EST): about places, never people; the reporter sees their own, the
coordinator the municipality's week by week; reports count into indicators by themselves."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.demo_data import load_demo
from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.organisations.models import District
from trygg.prevention.est.identity import identity_problem
from trygg.prevention.models import Indicator, IndicatorValue, Place, PlaceReport
from trygg.prevention.periods import period_start

pytestmark = pytest.mark.django_db
REPORTER = "rapportor@huddinge.example"
COORDINATOR = "trygghet@huddinge.example"


@pytest.fixture
def as_demo(login, huddinge, botkyrka):
    load_demo()

    def do(email: str):
        return login(User.objects.get(email=email), DEMO_PASSWORD)

    return do


@pytest.mark.parametrize(
    "text",
    [
        "Mannen hette 19970412-2382 enligt vakten",
        "Såg 970412-2382 vid kiosken",
        "Kalle Anka sprayade på väggen",
        "Ungdomar, bl.a. Adam Provsson, samlades",
    ],
)
def test_identity_numbers_and_names_are_refused(text):
    assert identity_problem(text, {"flemingsberg", "centrum", "huddinge"})


@pytest.mark.parametrize(
    "text",
    [
        "Krossad ruta vid busshållplatsen kl 21",
        "Brand i papperskorg vid Huddinge Centrum",
        "Trasig belysning, 12 lampor av 30 fungerar",
        "",
    ],
)
def test_places_numbers_and_plain_words_are_allowed(text):
    assert identity_problem(text, {"flemingsberg", "centrum", "huddinge"}) is None


def _report(client, **fields):
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    return client.post(
        reverse("prevention:reports"),
        {"occurred_at": when, "kind": "skadegorelse", "place": "", "district": "", **fields},
    )


def test_a_reporter_reports_and_it_counts_into_the_indicator_by_itself(as_demo, huddinge):
    client = as_demo(REPORTER)
    place = Place.objects.get(name="Länna torg")
    indicator = Indicator.objects.get(from_reports="skadegorelse")
    start = period_start(timezone.localdate(), "tertial")
    before = IndicatorValue.objects.filter(
        indicator=indicator, district=place.district, period_start=start
    ).first()
    response = _report(client, place=place.pk, description="Klotter på hela väggen.")
    assert response.status_code == 302
    report = PlaceReport.objects.latest("id")
    assert (report.district_id, report.place_id) == (place.district_id, place.pk)
    value = IndicatorValue.objects.get(
        indicator=indicator, district=place.district, period_start=start
    )
    assert value.value == (before.value if before else 0) + 1
    event = AuditEvent.objects.filter(action="prevention.report.create").latest("id")
    assert event.payload == {"kind": "skadegorelse", "district": place.district_id}
    assert "Klotter" not in str(event.payload)


def test_a_name_in_the_text_is_refused_at_the_field_and_nothing_is_saved(as_demo, huddinge):
    client = as_demo(REPORTER)
    district = District.objects.get(municipality=huddinge, name="Skogås")
    count = PlaceReport.objects.count()
    response = _report(client, district=district.pk, description="Kalle Anka sprayade")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_description_error"' in html
    assert "ser ut som en persons namn" in html
    assert PlaceReport.objects.count() == count
    for wrong in ({"district": ""}, {"occurred_at": "2999-01-01T10:00"}, {"occurred_at": "x"}):
        assert _report(client, **{"district": district.pk, **wrong}).status_code == 200
    assert PlaceReport.objects.count() == count


def test_the_reporter_sees_their_own_and_the_coordinator_all_week_by_week(
    as_demo, huddinge, make_user
):
    from trygg.core.roles import Role

    colleague = make_user(
        Role.EST_RAPPORTOR, User.objects.get(email=REPORTER).memberships.get().organisation
    )
    reporter = as_demo(REPORTER)
    mine = reporter.get(reverse("prevention:reports")).content.decode()
    assert "Krossad glasruta" in mine and "Vecka för vecka" not in mine
    from trygg.accounts.actor import actor_for
    from trygg.prevention.est import services

    services.report_create(
        actor=actor_for(colleague),
        occurred_at=timezone.now() - timedelta(days=1),
        kind="brand",
        district=District.objects.get(municipality=huddinge, name="Segeltorp"),
        place=None,
        description="Eld i container.",
    )
    assert "Eld i container" not in reporter.get(reverse("prevention:reports")).content.decode()
    coordinator = as_demo(COORDINATOR)
    page = coordinator.get(reverse("prevention:reports")).content.decode()
    assert "Eld i container" in page and "Krossad glasruta" in page
    assert "Vecka för vecka" in page and f"Vecka {date.today().isocalendar().week}" in page


def test_counted_indicators_cannot_be_typed_or_imported(as_demo):
    client = as_demo(COORDINATOR)
    indicator = Indicator.objects.filter(from_reports__gt="").first()
    index = client.get(reverse("prevention:index")).content.decode()
    assert "Räknas från platsrapporterna" in index
    url = reverse("prevention:values", args=[indicator.pk])
    district = District.objects.filter(municipality_id=indicator.municipality_id).first()
    response = client.post(url, {f"district_{district.pk}": "99"})
    assert (
        response.status_code == 200
        and "räknas fram ur platsrapporterna" in response.content.decode()
    )


def test_who_reaches_the_place_pages(as_demo):
    reports, places = reverse("prevention:reports"), reverse("prevention:places")
    reporter = as_demo(REPORTER)
    assert (reporter.get(reports).status_code, reporter.get(places).status_code) == (200, 403)
    coordinator = as_demo(COORDINATOR)
    assert (coordinator.get(reports).status_code, coordinator.get(places).status_code) == (200, 200)
    for email in ("samordnare@huddinge.example", "handlaggare@huddinge.example"):
        client = as_demo(email)
        assert (client.get(reports).status_code, client.get(places).status_code) == (403, 403)
    # The reporter has nothing else of the prevention cycle.
    assert reporter.get(reverse("prevention:index")).status_code == 403


def test_the_coordinator_adds_a_place(as_demo, huddinge):
    client = as_demo(COORDINATOR)
    district = District.objects.get(municipality=huddinge, name="Trångsund")
    response = client.post(
        reverse("prevention:places"), {"name": "Trångsunds station", "district": district.pk}
    )
    assert response.status_code == 302
    again = client.post(
        reverse("prevention:places"), {"name": "Trångsunds station", "district": district.pk}
    )
    assert 'id="id_name_error"' in again.content.decode()
