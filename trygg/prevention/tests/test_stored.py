"""Stored views of the prevention cycle (``trygg.prevention.stored``): the district profile and
the action plan's measure table are computed once and read back while the municipality's
prevention data is unchanged; any change of the rows behind them, whoever writes, shows on
the next view."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.demo_data import load_demo
from trygg.accounts.models import User
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.organisations.models import District, Organisation
from trygg.prevention.models import (
    Funding,
    Grant,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureUpdate,
    Plan,
    PreventionVersion,
    Problem,
    StoredView,
)

pytestmark = pytest.mark.django_db
COORDINATOR = "trygghet@huddinge.example"
CONTACT = "kontakt@huddinge.example"  # Gymnasie- och arbetsmarknadsnämnden


@pytest.fixture
def demo(huddinge, botkyrka):
    load_demo()


def _as(login, email):
    return login(User.objects.get(email=email), DEMO_PASSWORD)


def _version(municipality) -> int:
    return (
        PreventionVersion.objects.filter(municipality=municipality)
        .values_list("version", flat=True)
        .first()
        or 0
    )


def _plan() -> Plan:
    return Plan.objects.get(title__startswith="Åtgärdsplan")


def test_every_change_behind_a_stored_view_moves_the_version(demo, huddinge, botkyrka):
    """Whoever writes (here the ORM's bulk insert, update and delete, which no service sees):
    a change of a row the stored views are computed from moves the version of its
    municipality, in the same transaction; another municipality's version stays; a column
    no view prints does not move it."""
    coordinator = User.objects.get(email=COORDINATOR)
    indicator = Indicator.objects.filter(municipality=huddinge).first()
    district = District.objects.filter(municipality=huddinge).first()
    measure = _plan().measures.order_by("pk").first()
    committee = measure.organisation

    def moved(change) -> bool:
        before, other = _version(huddinge), _version(botkyrka)
        change()
        assert _version(botkyrka) == other
        return _version(huddinge) > before

    value = IndicatorValue(
        indicator=indicator,
        district=district,
        period_start=date(2001, 1, 1),
        value=Decimal(3),
        entered_by=coordinator,
        entered_at=timezone.now(),
    )
    assert moved(lambda: IndicatorValue.objects.bulk_create([value]))
    values = IndicatorValue.objects.filter(period_start=date(2001, 1, 1))
    assert moved(lambda: values.update(value=Decimal(4)))
    assert moved(values.delete)
    assert moved(lambda: Indicator.objects.filter(pk=indicator.pk).update(unit="st"))
    assert moved(lambda: District.objects.filter(pk=district.pk).update(name="Nytt namn"))
    assert not moved(
        lambda: District.objects.filter(pk=district.pk).update(updated_at=timezone.now())
    )
    assert moved(lambda: Organisation.objects.filter(pk=committee.pk).update(name="Ny nämnd"))
    assert not moved(lambda: Organisation.objects.filter(pk=committee.pk).update(short_name="NN"))
    problem = measure.problems.first()
    assert moved(lambda: Problem.objects.filter(pk=problem.pk).update(title="Nytt problem"))
    assert moved(lambda: problem.districts.add(district))
    assert moved(lambda: problem.districts.remove(district))
    assert moved(lambda: Plan.objects.filter(pk=measure.plan_id).update(title="Ny titel"))
    assert moved(lambda: Measure.objects.filter(pk=measure.pk).update(cost_kr=123))
    assert moved(lambda: measure.problems.remove(problem))
    assert moved(lambda: measure.problems.add(problem))
    assert moved(lambda: measure.districts.add(district))
    assert moved(lambda: measure.districts.clear())
    funding = Funding(measure=measure, source="budget", funder="Nämnden", amount_kr=1000)
    assert moved(funding.save)
    assert moved(lambda: Funding.objects.filter(pk=funding.pk).update(amount_kr=2000))
    assert moved(lambda: Funding.objects.filter(pk=funding.pk).delete())
    grants = Grant.objects.filter(municipality=huddinge)
    assert grants.exists()
    assert moved(lambda: grants.update(paid_kr=1))
    update = MeasureUpdate(
        measure=measure,
        status=measure.status,
        text="Följt upp.",
        written_by=coordinator,
        written_at=timezone.now(),
    )
    assert moved(update.save)


def _main(response) -> str:
    """The page's content, without its forms' tokens (they differ per response)."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def test_the_district_profile_is_kept_and_shows_a_change_at_once(demo, login, client, huddinge):
    """The first view computes the profile and keeps it; the next reads it back (fewer
    queries, no indicator value read); a value changed behind the services' back shows on
    the next view (that computing costs no more queries with more periods:
    test_indicators.py)."""
    _as(login, COORDINATOR)
    flemingsberg = District.objects.get(municipality=huddinge, name="Flemingsberg")
    url = reverse("prevention:district", args=[flemingsberg.pk]) + "?ar=alla"
    StoredView.objects.all().delete()
    with CaptureQueriesContext(connection) as computing:
        first = _main(client.get(url))
    with CaptureQueriesContext(connection) as reading:
        second = _main(client.get(url))
    assert second == first
    assert "Anmäld skadegörelse" in first and "<polyline" in first
    assert len(reading) < len(computing)
    assert not [q for q in reading.captured_queries if "prevention_indicatorvalue" in q["sql"]]
    assert "987,65" not in first
    value = IndicatorValue.objects.filter(district=flemingsberg).order_by("pk").first()
    IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal("987.65"))
    assert "987,65" in client.get(url).content.decode()
    # Another span is kept apart.
    assert client.get(reverse("prevention:district", args=[flemingsberg.pk])).status_code == 200
    assert StoredView.objects.filter(key__startswith=f"district:{flemingsberg.pk}:").count() == 2


def test_the_action_plan_is_kept_per_reader_scope_and_shows_a_change_at_once(demo, login, client):
    """The coordinator and a contact (their organisation's measures only) are kept apart; a
    grant's payment written by the fund (here a bulk update) and a new funding show on the
    plan page and the public page on the next view."""
    plan = _plan()
    plan_url = reverse("prevention:plan", args=[plan.pk])
    public_url = reverse("prevention_public:plan", args=[plan.pk])
    _as(login, CONTACT)
    assert "Belysning och röjning" not in client.get(plan_url).content.decode()
    _as(login, COORDINATOR)
    page = _main(client.get(plan_url))
    assert "Belysning och röjning" in page
    with CaptureQueriesContext(connection) as reading:
        assert _main(client.get(plan_url)) == page
    assert not [q for q in reading.captured_queries if "prevention_funding" in q["sql"]]

    summer = Measure.objects.get(title="Unga för orten: sommarjobb för unga")
    Funding.objects.create(measure=summer, source="partner", funder="Polisen", amount_kr=4321987)
    assert "4\u00a0321\u00a0987\u00a0kr" in client.get(plan_url).content.decode()
    client.logout()
    public = client.get(public_url).content.decode()
    assert "4\u00a0321\u00a0987\u00a0kr" in public
    Funding.objects.filter(funder="Polisen", amount_kr=4321987).update(amount_kr=1234567)
    public = client.get(public_url).content.decode()
    assert "1\u00a0234\u00a0567\u00a0kr" in public and "4\u00a0321\u00a0987" not in public
    keys = set(
        StoredView.objects.filter(key__startswith=f"plan:{plan.pk}:").values_list("key", flat=True)
    )
    contact = User.objects.get(email=CONTACT).memberships.get().organisation_id
    assert keys == {
        f"plan:{plan.pk}:all",
        f"plan:{plan.pk}:organisation:{contact}",
        f"plan:{plan.pk}:public",
    }
