"""Carry-over: unspent money moves to a later year only by a recorded decision."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from tests.factories import make_fund_year
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.fund.calls import services as calls
from trygg.fund.models import CarryOver, FundYear
from trygg.fund.years.services import carry_over_record

pytestmark = pytest.mark.django_db

DECIDED_ON = datetime.date(2027, 2, 15)


@pytest.fixture
def next_year(huddinge):
    return make_fund_year(huddinge, year=2027, budget_kr=8_000_000)


def _carry(act, coordinator, from_year, to_year, amount):
    return carry_over_record(
        actor=act(coordinator),
        from_year=from_year,
        to_year=to_year,
        amount_kr=amount,
        decision="KF 2027-02-15 § 12",
        decided_on=DECIDED_ON,
    )


def test_carry_over_moves_unspent_money_to_the_next_year(act, coordinator, fund_year, next_year):
    FundYear.objects.filter(pk=fund_year.pk).update(committed_social_kr=7_000_000)
    fund_year.refresh_from_db()
    _carry(act, coordinator, fund_year, next_year, 3_000_000)
    fund_year.refresh_from_db()
    next_year.refresh_from_db()
    assert (fund_year.carried_out_kr, fund_year.remaining_kr) == (3_000_000, 0)
    assert (next_year.carried_in_kr, next_year.available_kr) == (3_000_000, 11_000_000)
    assert next_year.remaining_kr == 11_000_000
    carry = CarryOver.objects.get()
    assert (carry.decision, carry.decided_on) == ("KF 2027-02-15 § 12", DECIDED_ON)
    event = AuditEvent.objects.get(action="fund.carry_over.create")
    assert event.payload == {"from": 2026, "to": 2027, "amount_kr": 3_000_000}


def test_carry_over_of_more_than_is_left_is_refused_and_changes_nothing(
    act, coordinator, fund_year, next_year
):
    FundYear.objects.filter(pk=fund_year.pk).update(committed_social_kr=9_000_000)
    with pytest.raises(ApplicationError) as refused:
        _carry(act, coordinator, fund_year, next_year, 1_000_001)
    assert refused.value.field == "amount_kr"
    next_year.refresh_from_db()
    assert next_year.carried_in_kr == 0
    assert not CarryOver.objects.exists()


def test_money_is_carried_only_to_a_later_year(act, coordinator, fund_year, next_year):
    with pytest.raises(ApplicationError) as refused:
        _carry(act, coordinator, next_year, fund_year, 1_000)
    assert refused.value.field == "to_year"


def test_returned_money_can_be_carried_over(act, coordinator, fund_year, next_year):
    FundYear.objects.filter(pk=fund_year.pk).update(
        committed_social_kr=10_000_000, returned_social_kr=400_000
    )
    fund_year.refresh_from_db()
    _carry(act, coordinator, fund_year, next_year, 400_000)
    next_year.refresh_from_db()
    assert next_year.carried_in_kr == 400_000


def test_the_database_refuses_carrying_away_granted_money(fund_year):
    FundYear.objects.filter(pk=fund_year.pk).update(committed_social_kr=10_000_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundYear.objects.filter(pk=fund_year.pk).update(carried_out_kr=F("carried_out_kr") + 1)


def test_the_appropriation_cannot_go_below_what_was_carried_out(
    act, coordinator, fund_year, next_year
):
    _carry(act, coordinator, fund_year, next_year, 6_000_000)
    fund_year.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        calls.fund_year_save(
            actor=act(coordinator),
            fund_year=fund_year,
            year=2026,
            budget_kr=5_000_000,
            social_budget_kr=None,
            situational_budget_kr=None,
        )
    assert refused.value.field == "budget_kr"


def test_the_ledger_page_shows_the_year_and_records_a_carry_over(
    login, client, coordinator, fund_year, next_year
):
    FundYear.objects.filter(pk=fund_year.pk).update(
        budget_decision="KF 2025-11-24 § 187", budget_decided_on=datetime.date(2025, 11, 24)
    )
    login(coordinator)
    url = f"/trygghetsfond/installningar/fondar/{fund_year.pk}/ekonomi/"
    page = client.get(url).content.decode()
    assert "KF 2025-11-24 § 187" in page
    assert "10\u00a0000\u00a0000\u00a0kr" in page
    bad = client.post(url, {"to_year": next_year.pk, "amount_kr": "11000000", "decision": "KF 1"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"decided_on"}
    response = client.post(
        url,
        {
            "to_year": next_year.pk,
            "amount_kr": "2500000",
            "decision": "KF 2027-02-15 § 12",
            "decided_on": "2027-02-15",
        },
    )
    assert response.status_code == 302
    next_year.refresh_from_db()
    assert next_year.carried_in_kr == 2_500_000
    page = client.get(url).content.decode()
    assert "KF 2027-02-15 § 12" in page


def test_another_municipalitys_ledger_is_not_found(login, client, coordinator, botkyrka):
    other = make_fund_year(botkyrka)
    login(coordinator)
    assert client.get(f"/trygghetsfond/installningar/fondar/{other.pk}/ekonomi/").status_code == 404


def test_a_database_lost_mid_carry_over_writes_nothing(
    login, client, coordinator, fund_year, next_year
):
    """The database goes away after the years are updated, before the audit event: the
    transaction is rolled back, the user gets the 503 page, and neither year has moved."""
    from unittest import mock

    from django.db import OperationalError

    login(coordinator)
    client.raise_request_exception = False
    with mock.patch(
        "trygg.fund.years.services.record", side_effect=OperationalError("server closed")
    ):
        response = client.post(
            f"/trygghetsfond/installningar/fondar/{fund_year.pk}/ekonomi/",
            {
                "to_year": next_year.pk,
                "amount_kr": "1000000",
                "decision": "KF 2027-02-15 § 12",
                "decided_on": "2027-02-15",
            },
        )
    assert response.status_code == 503
    fund_year.refresh_from_db()
    next_year.refresh_from_db()
    assert (fund_year.carried_out_kr, next_year.carried_in_kr) == (0, 0)
    assert not CarryOver.objects.exists()
