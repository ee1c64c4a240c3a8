"""The budget can never be over-committed: in services, in the database and under concurrency."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from tests.factories import delegation_point, make_application
from trygg.core.exceptions import ApplicationError
from trygg.fund.constants import ApplicationStatus, DecisionOutcome, LedgerKind
from trygg.fund.decisions import services as decision_services
from trygg.fund.models import FundYear, LedgerEntry

pytestmark = pytest.mark.django_db


def _in_review(call, kultur, applicant, **kwargs):
    return make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, **kwargs)


def _grant(act, coordinator, application, outcome=DecisionOutcome.GRANTED, amount=None):
    return decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome=outcome,
        amount_kr=amount,
        reasons="Väl underbyggd",
        delegation=delegation_point(application.municipality),
    )


def test_grant_commits_the_amount_applied_for(act, coordinator, call, kultur, applicant, fund_year):
    application = _in_review(call, kultur, applicant, requested_kr=250_000)
    _grant(act, coordinator, application)
    fund_year.refresh_from_db()
    application.refresh_from_db()
    assert (fund_year.committed_kr, fund_year.remaining_kr) == (250_000, 9_750_000)
    assert (application.status, application.granted_kr) == ("granted", 250_000)
    entry = LedgerEntry.objects.get(application=application)
    assert (entry.kind, entry.amount_kr) == (LedgerKind.COMMIT, 250_000)


def test_partial_grant_commits_only_the_decided_amount(
    act, coordinator, call, kultur, applicant, fund_year
):
    application = _in_review(call, kultur, applicant, requested_kr=300_000)
    _grant(act, coordinator, application, DecisionOutcome.PARTLY_GRANTED, 120_000)
    fund_year.refresh_from_db()
    assert fund_year.committed_kr == 120_000


def test_partial_grant_must_be_less_than_applied_for(act, coordinator, call, kultur, applicant):
    application = _in_review(call, kultur, applicant, requested_kr=300_000)
    with pytest.raises(ApplicationError) as refused:
        _grant(act, coordinator, application, DecisionOutcome.PARTLY_GRANTED, 300_000)
    assert refused.value.field == "amount_kr"


def test_rejection_commits_nothing(act, coordinator, call, kultur, applicant, fund_year):
    application = _in_review(call, kultur, applicant)
    _grant(act, coordinator, application, DecisionOutcome.REJECTED)
    fund_year.refresh_from_db()
    assert fund_year.committed_kr == 0
    assert not LedgerEntry.objects.exists()


def test_decision_over_the_remaining_budget_is_refused_and_changes_nothing(
    act, coordinator, call, kultur, applicant, fund_year
):
    FundYear.objects.filter(pk=fund_year.pk).update(budget_kr=500_000)
    first = _in_review(call, kultur, applicant, requested_kr=400_000)
    second = _in_review(call, kultur, applicant, requested_kr=200_000)
    _grant(act, coordinator, first)
    with pytest.raises(ApplicationError, match="100\u00a0000 kr") as refused:  # Swedish thousands
        _grant(act, coordinator, second)
    assert "Nothing was decided" in refused.value.message or "Inget" in refused.value.message
    second.refresh_from_db()
    fund_year.refresh_from_db()
    assert second.status == ApplicationStatus.IN_REVIEW
    assert fund_year.committed_kr == 400_000
    assert not hasattr(second, "decision")


def test_sub_budget_per_category_is_respected(act, coordinator, call, kultur, applicant, fund_year):
    FundYear.objects.filter(pk=fund_year.pk).update(situational_budget_kr=150_000)
    application = _in_review(call, kultur, applicant, requested_kr=200_000, category="situational")
    with pytest.raises(ApplicationError):
        _grant(act, coordinator, application)
    social = _in_review(call, kultur, applicant, requested_kr=200_000, category="social")
    _grant(act, coordinator, social)


def test_returned_money_can_be_granted_again(
    act, coordinator, coordinator2, call, kultur, applicant, fund_year
):
    FundYear.objects.filter(pk=fund_year.pk).update(budget_kr=300_000)
    first = _in_review(call, kultur, applicant, requested_kr=300_000)
    _grant(act, coordinator, first)
    payment = decision_services.payment_request(
        actor=act(coordinator), application=first, amount_kr=300_000
    )
    decision_services.payment_approve(actor=act(coordinator2), payment=payment)
    decision_services.money_return(actor=act(coordinator), application=first, amount_kr=50_000)
    fund_year.refresh_from_db()
    assert (fund_year.paid_kr, fund_year.returned_kr, fund_year.remaining_kr) == (
        300_000,
        50_000,
        50_000,
    )
    second = _in_review(call, kultur, applicant, requested_kr=50_000)
    _grant(act, coordinator, second)


def test_database_refuses_an_over_committed_fund_year(fund_year):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundYear.objects.filter(pk=fund_year.pk).update(committed_social_kr=F("budget_kr") + 1)


def test_an_application_cannot_be_decided_twice(act, coordinator, call, kultur, applicant):
    application = _in_review(call, kultur, applicant)
    _grant(act, coordinator, application)
    with pytest.raises(ApplicationError):
        _grant(act, coordinator, application)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_never_over_commit(huddinge, act):
    """Twenty-four decisions at once, together worth twice what is left: the ledger holds."""
    from django.db import connections

    from tests.factories import MembershipFactory, UserFactory, make_call, make_fund_year
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
    fund_year = make_fund_year(huddinge, budget_kr=1_200_000)
    call = make_call(fund_year, eligible=[kultur])
    applications = [
        make_application(
            call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=100_000
        )
        for _ in range(24)
    ]
    barrier = threading.Barrier(len(applications))
    outcomes: list[str] = []

    def decide(application):
        try:
            barrier.wait()
            _grant(act, coordinator, application)
            outcomes.append("granted")
        except ApplicationError as error:
            assert "kr" in error.message
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fund_year.refresh_from_db()
    assert outcomes.count("granted") == 12
    assert outcomes.count("refused") == 12
    assert fund_year.committed_kr == 1_200_000
    assert fund_year.remaining_kr == 0
    assert sum(e.amount_kr for e in LedgerEntry.objects.filter(fund_year=fund_year)) == 1_200_000
