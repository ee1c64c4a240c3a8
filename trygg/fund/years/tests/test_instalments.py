"""Measures over several years: each instalment commits only its own fund year's budget."""

import datetime
import threading

import pytest
from django.db import connection
from django.db.models import Sum

from tests.factories import (
    delegation_point,
    make_application,
    make_call,
    make_fund_year,
)
from trygg.core.exceptions import ApplicationError
from trygg.fund.calls import services as calls
from trygg.fund.constants import ApplicationStatus, Category, DecisionOutcome, LedgerKind
from trygg.fund.decisions import services as decisions
from trygg.fund.models import FundYear, Instalment, LedgerEntry
from trygg.fund.years.services import carry_over_record

pytestmark = pytest.mark.django_db


def _in_review(call, organisation, user, amount):
    return make_application(
        call, organisation, user, status=ApplicationStatus.IN_REVIEW, requested_kr=amount
    )


def _grant(act, coordinator, application, later=None):
    return decisions.decision_record(
        actor=act(coordinator),
        application=application,
        outcome=DecisionOutcome.GRANTED,
        amount_kr=None,
        reasons="Två år",
        delegation=delegation_point(application.municipality),
        later_instalments=later,
    )


def _create_year(act, coordinator, year, budget):
    return calls.fund_year_save(
        actor=act(coordinator),
        fund_year=None,
        year=year,
        budget_kr=budget,
        social_budget_kr=None,
        situational_budget_kr=None,
    )


def assert_ledger_holds(municipality) -> None:
    """Every fund year's totals are its entries' sums and within its budget."""
    for fund_year in FundYear.objects.filter(municipality=municipality):
        sums = {
            (row["kind"], row["category"]): row["total"]
            for row in LedgerEntry.objects.filter(fund_year=fund_year)
            .values("kind", "category")
            .annotate(total=Sum("amount_kr"))
        }
        for category, name in ((Category.SOCIAL, "social"), (Category.SITUATIONAL, "situational")):
            assert getattr(fund_year, f"committed_{name}_kr") == sums.get(
                (LedgerKind.COMMIT, category), 0
            )
            assert getattr(fund_year, f"returned_{name}_kr") == sums.get(
                (LedgerKind.RETURN, category), 0
            )
        assert fund_year.paid_kr == sum(
            v for (kind, _c), v in sums.items() if kind == LedgerKind.PAYMENT
        )
        assert fund_year.remaining_kr >= 0
        committed = Instalment.objects.filter(fund_year=fund_year).aggregate(
            total=Sum("amount_kr", default=0)
        )["total"]
        assert committed == fund_year.committed_kr


def test_a_two_year_grant_commits_this_year_and_plans_the_next(
    act, coordinator, coordinator2, call, kultur, applicant, fund_year, huddinge
):
    application = _in_review(call, kultur, applicant, 500_000)
    decision = _grant(act, coordinator, application, later={2027: 200_000})
    fund_year.refresh_from_db()
    assert fund_year.committed_kr == 300_000
    assert decision.split == {"2026": 300_000, "2027": 200_000}
    planned = Instalment.objects.get(application=application, year=2027)
    assert planned.is_planned
    # Only the committed year can be paid until the council has decided 2027's budget.
    with pytest.raises(ApplicationError):
        decisions.payment_request(
            actor=act(coordinator), application=application, amount_kr=300_001
        )
    first = decisions.payment_request(
        actor=act(coordinator), application=application, amount_kr=300_000
    )
    decisions.payment_approve(actor=act(coordinator2), payment=first)
    # The council decides 2027: the planned instalment is committed out of it at once.
    with pytest.raises(ApplicationError) as refused:
        _create_year(act, coordinator, 2027, 150_000)
    assert refused.value.field == "budget_kr"
    assert not FundYear.objects.filter(year=2027).exists()
    next_year = _create_year(act, coordinator, 2027, 1_000_000)
    assert (next_year.committed_kr, next_year.remaining_kr) == (200_000, 800_000)
    second = decisions.payment_request(
        actor=act(coordinator), application=application, amount_kr=200_000
    )
    decisions.payment_approve(actor=act(coordinator2), payment=second)
    next_year.refresh_from_db()
    fund_year.refresh_from_db()
    assert (fund_year.paid_kr, next_year.paid_kr) == (300_000, 200_000)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PAID
    # Returned money goes back to the latest year it was paid from.
    decisions.money_return(actor=act(coordinator), application=application, amount_kr=50_000)
    next_year.refresh_from_db()
    assert next_year.returned_kr == 50_000
    assert_ledger_holds(huddinge)


def test_an_instalment_that_does_not_fit_its_existing_year_is_refused_whole(
    act, coordinator, call, kultur, applicant, fund_year, huddinge
):
    next_year = make_fund_year(huddinge, year=2027, budget_kr=100_000)
    application = _in_review(call, kultur, applicant, 500_000)
    with pytest.raises(ApplicationError, match="2027"):
        _grant(act, coordinator, application, later={2027: 200_000})
    fund_year.refresh_from_db()
    next_year.refresh_from_db()
    assert (fund_year.committed_kr, next_year.committed_kr) == (0, 0)
    assert not Instalment.objects.exists()
    _grant(act, coordinator, application, later={2027: 100_000})
    next_year.refresh_from_db()
    assert next_year.committed_kr == 100_000
    assert_ledger_holds(huddinge)


def test_instalments_are_checked(act, coordinator, call, kultur, applicant):
    application = _in_review(call, kultur, applicant, 500_000)
    for later in ({2026: 100_000}, {2030: 100_000}, {2027: 500_000}, {2027: 0}):
        with pytest.raises(ApplicationError):
            _grant(act, coordinator, application, later=later)
    assert not Instalment.objects.exists()


def test_the_decision_page_splits_a_grant_and_the_pages_show_the_plan(
    login, client, coordinator, call, kultur, applicant, fund_year, huddinge
):
    delegation_point(huddinge)
    application = _in_review(call, kultur, applicant, 400_000)
    login(coordinator)
    url = f"/trygghetsfond/ansokan/{application.pk}/beslut/"
    data = {
        "outcome": "granted",
        "reasons": "Två år",
        "delegation": delegation_point(huddinge).pk,
        "instalment_2027": "150000",
        "confirmed": "yes",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Instalment.objects.get(application=application, year=2027).amount_kr == 150_000
    page = client.get(f"/trygghetsfond/ansokan/{application.pk}/").content.decode()
    assert "2027: 150\u00a0000\u00a0kr" in page
    ledger = client.get(f"/trygghetsfond/installningar/fondar/{fund_year.pk}/ekonomi/")
    assert "150\u00a0000\u00a0kr" in ledger.content.decode()
    setup = client.get("/trygghetsfond/installningar/").content.decode()
    assert "2027: 150\u00a0000\u00a0kr" in setup
    dashboard = client.get("/trygghetsfond/oversikt/").content.decode()
    assert "2027" in dashboard and "150\u00a0000\u00a0kr" in dashboard


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_instalments_and_carry_overs_keep_the_ledger(huddinge, act):
    """Twenty two-year grants and four carry-overs at once over two fund years: neither year
    is over-committed and every total is its entries' sum."""
    from django.db import connections

    from tests.factories import MembershipFactory, UserFactory
    from trygg.core.roles import Role
    from trygg.organisations.models import Organisation

    ks = Organisation.objects.create(
        kind="namnd", name="KS", parent=huddinge, municipality=huddinge
    )
    kultur = Organisation.objects.create(
        kind="namnd", name="KFN", parent=huddinge, municipality=huddinge
    )
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, organisation=ks, role=Role.SAMORDNARE)
    applicant = UserFactory()
    this_year = make_fund_year(huddinge, year=2026, budget_kr=1_000_000)
    next_year = make_fund_year(huddinge, year=2027, budget_kr=600_000)
    call = make_call(this_year, eligible=[kultur])
    applications = [_in_review(call, kultur, applicant, 100_000) for _ in range(20)]
    barrier = threading.Barrier(len(applications) + 4)
    outcomes: list[str] = []

    def decide(application):
        try:
            barrier.wait()
            _grant(act, coordinator, application, later={2027: 40_000})
            outcomes.append("granted")
        except ApplicationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    def carry():
        try:
            barrier.wait()
            carry_over_record(
                actor=act(coordinator),
                from_year=this_year,
                to_year=next_year,
                amount_kr=100_000,
                decision="KF § 1",
                decided_on=datetime.date(2027, 2, 1),
            )
            outcomes.append("carried")
        except ApplicationError:
            outcomes.append("not carried")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(a,)) for a in applications]
    threads += [threading.Thread(target=carry) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    this_year.refresh_from_db()
    next_year.refresh_from_db()
    granted = outcomes.count("granted")
    carried = outcomes.count("carried")
    assert granted + outcomes.count("refused") == 20
    assert this_year.committed_kr == granted * 60_000
    assert next_year.committed_kr == granted * 40_000
    assert this_year.carried_out_kr == next_year.carried_in_kr == carried * 100_000
    assert this_year.remaining_kr >= 0 and next_year.remaining_kr >= 0
    assert this_year.remaining_kr < 60_000 or next_year.remaining_kr < 40_000 or granted == 20
    assert_ledger_holds(huddinge)
