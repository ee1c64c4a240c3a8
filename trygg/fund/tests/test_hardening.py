"""Findings of the security review, each pinned by a test."""

import pytest

from tests.factories import delegation_point, make_application, make_fund_year
from trygg.core.exceptions import ApplicationError
from trygg.fund.constants import ApplicationStatus, ReportKind
from trygg.fund.decisions import services as decision_services
from trygg.fund.review import services as review_services

pytestmark = pytest.mark.django_db


def test_a_call_with_submitted_applications_stays_in_its_fund_year(
    login, client, coordinator, call, kultur, applicant, huddinge
):
    make_application(call, kultur, applicant, status=ApplicationStatus.SUBMITTED)
    other = make_fund_year(huddinge, year=2027)
    login(coordinator)
    page = client.get(f"/trygghetsfond/installningar/utlysning/{call.pk}/")
    assert page.status_code == 200
    from trygg.fund.calls.services import call_save

    with pytest.raises(ApplicationError):
        from trygg.accounts.actor import actor_for

        call_save(
            actor=actor_for(coordinator),
            call=call,
            fields={"fund_year": other, "title": call.title},
            eligible=[kultur],
            criteria=[{"name": "Behov", "weight": 1}],
            questions=[],
        )
    call.refresh_from_db()
    assert call.fund_year.year == 2026


def test_a_fund_year_never_gets_back_more_than_it_granted(
    act, coordinator, coordinator2, call, kultur, applicant, fund_year
):
    application = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=100_000
    )
    decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome="granted",
        amount_kr=None,
        reasons="Bra",
        delegation=delegation_point(application.municipality),
    )
    payment = decision_services.payment_request(
        actor=act(coordinator), application=application, amount_kr=100_000
    )
    decision_services.payment_approve(actor=act(coordinator2), payment=payment)
    decision_services.money_return(
        actor=act(coordinator), application=application, amount_kr=100_000
    )
    with pytest.raises(ApplicationError):
        decision_services.money_return(actor=act(coordinator), application=application, amount_kr=1)


def test_public_csv_makes_formulas_inert(client, call, kultur, applicant):
    make_application(
        call,
        kultur,
        applicant,
        status=ApplicationStatus.GRANTED,
        granted_kr=1,
        title='=HYPERLINK("http://evil.example","x")',
    )
    text = client.get("/trygghetsfonden/beviljade.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ";=HYPERLINK" not in text


def test_absurd_amounts_give_a_message_not_a_500(login, client, applicant, call, kultur):
    application = make_application(call, kultur, applicant)
    login(applicant)
    response = client.post(
        f"/trygghetsfond/ansokan/{application.pk}/redigera/",
        {
            "title": "X",
            "co_financing_kr": str(10**20),
            "budget-TOTAL_FORMS": "1",
            "budget-INITIAL_FORMS": "0",
            "budget-0-description": "A",
            "budget-0-amount_kr": str(10**20),
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()


def test_report_takes_budget_and_targets_from_the_application(
    act, login, client, coordinator, coordinator2, call, kultur, applicant
):
    application = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=100_000
    )
    decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome="granted",
        amount_kr=None,
        reasons="Bra",
        delegation=delegation_point(application.municipality),
    )
    report = application.reports.get(kind=ReportKind.FINAL)
    login(applicant)
    client.post(
        f"/trygghetsfond/rapport/{report.pk}/",
        {
            "what_was_done": "X",
            "lessons": "Y",
            "costs-TOTAL_FORMS": "1",
            "costs-INITIAL_FORMS": "1",
            "costs-0-description": "Påhittad rad",
            "costs-0-budgeted_kr": "999999",
            "costs-0-actual_kr": "5000",
            "outcomes-TOTAL_FORMS": "1",
            "outcomes-INITIAL_FORMS": "1",
            "outcomes-0-indicator": "Annat",
            "outcomes-0-baseline": "0",
            "outcomes-0-target": "100",
            "outcomes-0-outcome": "66 %",
            "save": "1",
        },
    )
    cost = report.costs.get()
    assert (cost.description, cost.budgeted_kr, cost.actual_kr) == (
        "Västar och lampor",
        100_000,
        5000,
    )
    outcome = report.outcomes.get()
    assert (outcome.indicator, outcome.target, outcome.outcome) == ("Andel trygga", "70 %", "66 %")


def test_call_dates_outside_any_sensible_year_are_refused(
    login, client, coordinator, fund_year, kultur
):
    login(coordinator)
    response = client.post(
        "/trygghetsfond/installningar/utlysning/ny/",
        {
            "fund_year": fund_year.pk,
            "title": "X",
            "opens_at": "0001-01-01T00:00",
            "closes_at": "2026-10-31T23:59",
            "categories": ["social"],
            "measure_types": ["annat"],
            "eligible": [kultur.pk],
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-name": "A",
            "criteria-0-weight": "1",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200


def test_a_refusal_inside_a_service_is_audited(act, applicant, call, kultur):
    from django.core.exceptions import PermissionDenied

    from trygg.audit.models import AuditEvent

    application = make_application(call, kultur, applicant, status=ApplicationStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        review_services.formal_check_pass(actor=act(applicant), application=application)
    event = AuditEvent.objects.get(action="core.permission.deny", actor_id=applicant.pk)
    assert event.payload == {"policy": "fund", "action": "administer", "view": ""}
    assert event.target_id == str(application.pk)


def test_an_inactive_reviewer_cannot_be_assigned(
    act, coordinator, reviewer, call, kultur, applicant
):
    application = make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW)
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    with pytest.raises(ApplicationError):
        review_services.reviewer_assign(
            actor=act(coordinator), application=application, reviewer=reviewer
        )
