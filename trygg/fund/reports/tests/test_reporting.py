import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from tests.factories import delegation_point, make_application
from trygg.core.exceptions import ApplicationError
from trygg.fund.applications import services
from trygg.fund.constants import ApplicationStatus, ReportKind, ReportStatus
from trygg.fund.decisions import services as decision_services
from trygg.fund.models import FollowUpReport, ReportReminder
from trygg.fund.reports import services as reporting
from trygg.fund.tasks import send_report_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(act, call, kultur, applicant, coordinator, coordinator2):
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
    application.refresh_from_db()
    return application


def _write(act, applicant, report):
    return reporting.report_save(
        actor=act(applicant),
        report=report,
        what_was_done="Tio nattvandringar",
        lessons="Fler föräldrar behövs",
        costs=[{"description": "Västar och lampor", "budgeted_kr": 100_000, "actual_kr": 82_000}],
        outcomes=[
            {"indicator": "Andel trygga", "baseline": "60 %", "target": "70 %", "outcome": "66 %"}
        ],
    )


def test_a_grant_schedules_its_reports(paid, settings):
    # The factory's measure runs 2026-03-01..2026-12-31: longer than 180 days -> interim too.
    reports = {r.kind: r.due_date for r in paid.reports.all()}
    assert reports[ReportKind.FINAL] == datetime.date(2026, 12, 31) + datetime.timedelta(days=60)
    assert ReportKind.INTERIM in reports


def test_rejection_schedules_no_report(act, call, kultur, applicant, coordinator):
    application = make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW)
    decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome="rejected",
        amount_kr=None,
        reasons="Utanför ramen",
        delegation=delegation_point(application.municipality),
    )
    assert not application.reports.exists()


def test_incomplete_report_cannot_be_submitted(act, applicant, paid):
    report = paid.reports.get(kind=ReportKind.FINAL)
    with pytest.raises(services.SubmissionInvalid) as invalid:
        reporting.report_submit(actor=act(applicant), report=report)
    assert {"what_was_done", "lessons", "costs", "outcomes"} <= set(invalid.value.errors)


def test_approved_final_report_marks_the_application_reported(act, applicant, coordinator, paid):
    report = paid.reports.get(kind=ReportKind.FINAL)
    _write(act, applicant, report)
    reporting.report_submit(actor=act(applicant), report=report)
    with pytest.raises(ApplicationError):
        _write(act, applicant, report)  # read-only once submitted
    reporting.report_approve(actor=act(coordinator), report=report)
    paid.refresh_from_db()
    assert paid.status == ApplicationStatus.REPORTED
    assert report.costs.get().actual_kr == 82_000


def test_coordinator_can_ask_for_more_and_the_applicant_completes(
    act, applicant, coordinator, paid
):
    report = paid.reports.get(kind=ReportKind.FINAL)
    _write(act, applicant, report)
    reporting.report_submit(actor=act(applicant), report=report)
    reporting.report_request_more(
        actor=act(coordinator), report=report, comment="Redovisa kostnaden för lampor separat"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.MORE_REQUESTED
    _write(act, applicant, report)
    reporting.report_submit(actor=act(applicant), report=report)


def test_another_organisation_cannot_write_the_report(act, make_user, bolag, paid):
    from trygg.core.roles import Role

    stranger = make_user(Role.SOKANDE, bolag, with_device=False)
    with pytest.raises(PermissionDenied):
        _write(act, stranger, paid.reports.get(kind=ReportKind.FINAL))


def test_unspent_money_is_returned_after_the_report(act, applicant, coordinator, paid, fund_year):
    decision_services.money_return(actor=act(coordinator), application=paid, amount_kr=18_000)
    fund_year.refresh_from_db()
    assert fund_year.returned_kr == 18_000


def test_reminders_go_out_once_before_and_once_after_the_due_date(paid, applicant, settings):
    settings.TRYGG_FUND_REMINDER_DAYS_BEFORE = 14
    settings.TRYGG_FUND_REMINDER_DAYS_AFTER = 7
    report = paid.reports.get(kind=ReportKind.FINAL)
    FollowUpReport.objects.exclude(pk=report.pk).delete()
    due = report.due_date
    mail.outbox.clear()
    with time_machine.travel(
        datetime.datetime.combine(due - datetime.timedelta(days=20), datetime.time(9))
    ):
        send_report_reminders.call()
    assert mail.outbox == []
    with time_machine.travel(
        datetime.datetime.combine(due - datetime.timedelta(days=10), datetime.time(9))
    ):
        send_report_reminders.call()
        send_report_reminders.call()  # the next day's run: already reminded
    assert len(mail.outbox) == 1
    assert applicant.email in mail.outbox[0].to
    with time_machine.travel(
        datetime.datetime.combine(due + datetime.timedelta(days=8), datetime.time(9))
    ):
        call_command("fund_reminders", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 2
    assert ReportReminder.objects.filter(report=report).count() == 2


def test_report_pages_over_http(login, client, applicant, coordinator, paid):
    report = paid.reports.get(kind=ReportKind.FINAL)
    login(applicant)
    page = client.get(f"/trygghetsfond/rapport/{report.pk}/")
    assert page.status_code == 200
    response = client.post(
        f"/trygghetsfond/rapport/{report.pk}/",
        {
            "what_was_done": "Tio nattvandringar",
            "lessons": "Fler föräldrar behövs",
            "costs-TOTAL_FORMS": "1",
            "costs-INITIAL_FORMS": "1",
            "costs-0-description": "Västar och lampor",
            "costs-0-budgeted_kr": "100000",
            "costs-0-actual_kr": "82000",
            "outcomes-TOTAL_FORMS": "1",
            "outcomes-INITIAL_FORMS": "1",
            "outcomes-0-indicator": "Andel trygga",
            "outcomes-0-baseline": "60 %",
            "outcomes-0-target": "70 %",
            "outcomes-0-outcome": "66 %",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.post("/konto/logga-ut/")
    login(coordinator)
    client.post(f"/trygghetsfond/rapport/{report.pk}/", {"approve": "1"})
    paid.refresh_from_db()
    assert paid.status == ApplicationStatus.REPORTED


def test_overdue_reports_show_on_the_dashboard(login, client, coordinator, paid):
    report = paid.reports.get(kind=ReportKind.FINAL)
    FollowUpReport.objects.filter(pk=report.pk).update(due_date=datetime.date(2020, 1, 1))
    login(coordinator)
    page = client.get("/trygghetsfond/oversikt/").content.decode()
    assert f"/trygghetsfond/rapport/{report.pk}/" in page
    assert "2020-01-01" in page
