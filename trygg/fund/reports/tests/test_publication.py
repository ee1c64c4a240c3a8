"""An approved report's results on the public page, once the coordinator publishes them."""

import json

import pytest

from tests.factories import delegation_point, make_application
from trygg.core.exceptions import ApplicationError
from trygg.fund.constants import ApplicationStatus, DecisionOutcome, ReportKind
from trygg.fund.decisions import services as decisions
from trygg.fund.reports import services as reporting
from trygg.fund.reports.publication import report_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(act, coordinator, call, kultur, applicant):
    application = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, title="Nattvandring i Vårby"
    )
    decisions.decision_record(
        actor=act(coordinator),
        application=application,
        outcome=DecisionOutcome.GRANTED,
        amount_kr=None,
        reasons="Bra",
        delegation=delegation_point(application.municipality),
    )
    report = application.reports.get(kind=ReportKind.FINAL)
    reporting.report_save(
        actor=act(applicant),
        report=report,
        what_was_done="Tjugo kvällsvandringar med föräldrar.",
        lessons="Intern lärdom som inte ska publiceras.",
        costs=[{"description": "Västar", "budgeted_kr": 100_000, "actual_kr": 87_500}],
        outcomes=[
            {
                "indicator": "Upplevd trygghet",
                "baseline": "40 %",
                "target": "50 %",
                "outcome": "55 %",
            }
        ],
    )
    reporting.report_submit(actor=act(applicant), report=report)
    return report


def test_only_an_approved_report_is_published(act, coordinator, report):
    with pytest.raises(ApplicationError):
        report_publish(actor=act(coordinator), report=report, publish=True)


def test_published_results_are_on_the_public_page_and_in_the_files(
    act, client, coordinator, report
):
    reporting.report_approve(actor=act(coordinator), report=report)
    url = f"/trygghetsfonden/{report.application_id}/"
    assert "Tjugo kvällsvandringar" not in client.get(url).content.decode()
    report_publish(actor=act(coordinator), report=report, publish=True)
    page = client.get(url).content.decode()
    for text in ("Tjugo kvällsvandringar med föräldrar.", "87\u00a0500\u00a0kr", "55 %"):
        assert text in page, text
    assert "Intern lärdom" not in page
    listing = client.get("/trygghetsfonden/").content.decode()
    assert url in listing
    grant = json.loads(client.get("/trygghetsfonden/beviljade.json").content)["grants"][0]
    assert grant["result"]["actual_cost_kr"] == 87_500
    assert grant["result"]["outcomes"][0]["outcome"] == "55 %"
    csv = client.get("/trygghetsfonden/beviljade.csv").content.decode()
    assert "Tjugo kvällsvandringar med föräldrar.;87500;Upplevd trygghet: 55 %" in csv
    report_publish(actor=act(coordinator), report=report, publish=False)
    assert "Tjugo kvällsvandringar" not in client.get(url).content.decode()


def test_the_public_page_of_something_not_granted_is_not_found(client, call, kultur, applicant):
    draft = make_application(call, kultur, applicant, title="Hemligt")
    assert client.get(f"/trygghetsfonden/{draft.pk}/").status_code == 404


def test_the_coordinator_publishes_from_the_report_page(act, login, client, coordinator, report):
    reporting.report_approve(actor=act(coordinator), report=report)
    login(coordinator)
    page = client.get(f"/trygghetsfond/rapport/{report.pk}/").content.decode()
    assert 'name="publish"' in page
    client.post(f"/trygghetsfond/rapport/{report.pk}/", {"publish": ""})
    report.refresh_from_db()
    assert report.published_at is not None
    client.post(f"/trygghetsfond/rapport/{report.pk}/", {"unpublish": ""})
    report.refresh_from_db()
    assert report.published_at is None
