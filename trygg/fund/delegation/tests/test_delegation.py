"""Decisions under the delegation list: limits, holders, reports and the appeal text."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import delegation_point, make_application
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.fund.constants import ApplicationStatus, DecisionOutcome
from trygg.fund.decisions.letters import render_decision_letter_html
from trygg.fund.decisions.services import decision_record
from trygg.fund.models import Decision

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _in_review(call, kultur, applicant, **kwargs):
    return make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, **kwargs)


def _decide(act, user, application, point, outcome=DecisionOutcome.GRANTED):
    return decision_record(
        actor=act(user),
        application=application,
        outcome=outcome,
        amount_kr=None,
        reasons="Väl underbyggd",
        delegation=point,
    )


@pytest.fixture
def admin(make_user, huddinge):
    return make_user(Role.SYSTEMADMINISTRATOR, huddinge)


def test_a_decision_above_the_points_limit_is_refused_and_changes_nothing(
    act, coordinator, call, kultur, applicant, fund_year, huddinge
):
    point = delegation_point(huddinge, max_amount_kr=200_000)
    application = _in_review(call, kultur, applicant, requested_kr=250_000)
    with pytest.raises(ApplicationError) as refused:
        _decide(act, coordinator, application, point)
    assert refused.value.field == "delegation"
    assert "200\u00a0000" in refused.value.message
    application.refresh_from_db()
    fund_year.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert fund_year.committed_kr == 0
    assert not Decision.objects.exists()


def test_a_rejection_is_within_every_limit(act, coordinator, call, kultur, applicant, huddinge):
    point = delegation_point(huddinge, max_amount_kr=1)
    application = _in_review(call, kultur, applicant, requested_kr=250_000)
    decision = _decide(act, coordinator, application, point, DecisionOutcome.REJECTED)
    assert decision.delegation_point == point


def test_only_the_holders_of_a_named_point_may_decide_under_it(
    act, coordinator, coordinator2, call, kultur, applicant, huddinge
):
    point = delegation_point(huddinge, point="4.3", decision_makers=[coordinator2])
    application = _in_review(call, kultur, applicant)
    with pytest.raises(ApplicationError) as refused:
        _decide(act, coordinator, application, point)
    assert refused.value.field == "delegation"
    decision = _decide(act, coordinator2, application, point)
    assert decision.delegation == "4.3 Beslut om bidrag ur trygghetsfonden (Trygghetssamordnare)"


def test_a_point_not_in_force_or_of_another_municipality_is_refused(
    act, coordinator, call, kultur, applicant, huddinge, botkyrka
):
    application = _in_review(call, kultur, applicant)
    for point in (delegation_point(botkyrka), None):
        with pytest.raises(ApplicationError):
            _decide(act, coordinator, application, point)
    retired = delegation_point(huddinge, point="9.9")
    retired.is_active = False
    retired.save()
    with pytest.raises(ApplicationError):
        _decide(act, coordinator, application, retired)


def test_the_decision_page_offers_only_the_points_the_coordinator_holds(
    login, client, coordinator, coordinator2, call, kultur, applicant, huddinge
):
    delegation_point(huddinge, point="4.2")
    delegation_point(huddinge, point="4.3", decision_makers=[coordinator2])
    application = _in_review(call, kultur, applicant)
    login(coordinator)
    page = client.get(f"/trygghetsfond/ansokan/{application.pk}/beslut/").content.decode()
    assert "4.2 Beslut om bidrag" in page
    assert "4.3 Beslut om bidrag" not in page


def test_the_delegation_list_is_kept_by_the_system_administrator(
    login, client, admin, coordinator, coordinator2
):
    login(coordinator)
    assert client.get("/trygghetsfond/delegation/").status_code == 200
    assert client.get("/trygghetsfond/delegation/ny/").status_code == 403
    login(admin)
    response = client.post(
        "/trygghetsfond/delegation/ny/",
        {
            "point": "4.2",
            "matter": "Beslut om bidrag ur trygghetsfonden",
            "delegate": "Trygghetssamordnare",
            "decision_makers": [coordinator2.pk],
            "max_amount_kr": "500000",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    page = client.get("/trygghetsfond/delegation/").content.decode()
    assert "500\u00a0000\u00a0kr" in page
    assert coordinator2.full_name in page
    duplicate = client.post(
        "/trygghetsfond/delegation/ny/",
        {"point": "4.2", "matter": "x", "delegate": "y", "is_active": "on"},
    )
    assert duplicate.status_code == 200
    assert "point" in duplicate.context["form"].errors


def test_reporting_a_period_dates_the_letters_and_the_files_list_the_decisions(
    act,
    login,
    client,
    coordinator,
    call,
    kultur,
    applicant,
    huddinge,
    django_capture_on_commit_callbacks,
):
    point = delegation_point(huddinge)
    decided = _in_review(call, kultur, applicant, requested_kr=120_000)
    decision = _decide(act, coordinator, decided, point)
    login(coordinator)
    period = f"fran={TODAY:%Y-%m-%d}&till={TODAY:%Y-%m-%d}"
    page = client.get(f"/trygghetsfond/delegationsbeslut/?{period}").content.decode()
    assert decided.reference in page
    csv = client.get(f"/trygghetsfond/delegationsbeslut.csv?{period}").content.decode()
    header, row = csv.lstrip("\ufeff").splitlines()
    assert header.startswith("beslutsdatum;diarienummer;ärende;mottagare;beslut;belopp")
    assert row.startswith(f"{TODAY:%Y-%m-%d};{decided.reference};")
    assert ";120000;" in row and "4.2 Beslut om bidrag" in row
    pdf = client.get(f"/trygghetsfond/delegationsbeslut.pdf?{period}")
    assert pdf.content.startswith(b"%PDF")
    announced = TODAY + datetime.timedelta(days=3)
    letter_before = decision.letter.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/trygghetsfond/delegationsbeslut/?{period}",
            {"way": "notice_board", "reported_on": TODAY, "announced_on": announced},
        )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.letter.name != letter_before  # made again by the background task
    assert decision.reported_in.announced_on == announced
    html = render_decision_letter_html(decision)
    assert f"tillkännagavs på anslagstavlan den {announced:%Y-%m-%d}" in html
    assert AuditEvent.objects.filter(action="fund.delegation_report.create").count() == 1
    again = client.post(
        f"/trygghetsfond/delegationsbeslut/?{period}",
        {"way": "notice_board", "reported_on": TODAY, "announced_on": announced},
    )
    assert again.status_code == 200  # nothing left to report: said on the page, nothing kept


def test_the_report_pages_by_keyset_and_keeps_the_period(
    act, login, client, coordinator, call, kultur, applicant, huddinge, monkeypatch
):
    """The decision keeps its application's municipality (the report's index); the page says
    how many decisions the period holds, and its next-page link keeps the period."""
    import re

    from trygg.fund.decisions import report_views

    monkeypatch.setattr(report_views, "DECISIONS_PER_PAGE", 1)
    point = delegation_point(huddinge)
    first = _decide(act, coordinator, _in_review(call, kultur, applicant), point)
    second = _decide(act, coordinator, _in_review(call, kultur, applicant), point)
    assert first.municipality_id == first.application.municipality_id == huddinge.pk
    login(coordinator)
    period = f"fran={TODAY:%Y-%m-%d}&till={TODAY:%Y-%m-%d}"
    page = client.get(f"/trygghetsfond/delegationsbeslut/?{period}").content.decode()
    assert "2 beslut under perioden, äldst först." in page
    assert first.application.reference in page and second.application.reference not in page
    link = re.search(r'href="(\?[^"]*)" rel="next"', page).group(1).replace("&amp;", "&")
    assert f"fran={TODAY:%Y-%m-%d}" in link
    following = client.get(f"/trygghetsfond/delegationsbeslut/{link}").content.decode()
    assert second.application.reference in following
    assert first.application.reference not in following


def test_the_appeal_text_is_the_municipalitys_setting(
    act, login, client, admin, coordinator, call, kultur, applicant, huddinge
):
    login(admin)
    refused = client.post(
        "/trygghetsfond/delegation/overklagande/", {"appeal_text": "Överklaga hos oss."}
    )
    assert "appeal_text" in refused.context["form"].errors
    client.post(
        "/trygghetsfond/delegation/overklagande/",
        {"appeal_text": "Jurist-text för {diarienummer}.\n\nTiden: {tillkannagivande}"},
    )
    decided = _in_review(call, kultur, applicant)
    decision = _decide(act, coordinator, decided, delegation_point(huddinge))
    html = render_decision_letter_html(decision)
    assert f"Jurist-text för {decided.reference}." in html
    assert "Tiden: Beslutet anmäls" in html
