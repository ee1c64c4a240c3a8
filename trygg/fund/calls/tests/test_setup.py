import pytest

from tests.factories import delegation_point, make_application
from trygg.core.roles import Role
from trygg.fund.constants import ApplicationStatus
from trygg.fund.decisions import services as decision_services
from trygg.fund.models import Application, Call, FundYear

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.SOKANDE, Role.GRANSKARE, Role.SYSTEMADMINISTRATOR])
def test_only_coordinators_set_up_the_fund(make_user, login, client, role):
    login(make_user(role))
    assert client.get("/trygghetsfond/installningar/").status_code == 403


def test_coordinator_creates_a_fund_year(login, client, coordinator, huddinge):
    login(coordinator)
    response = client.post(
        "/trygghetsfond/installningar/",
        {"year": "2027", "budget_kr": "10000000", "social_budget_kr": "6000000"},
    )
    assert response.status_code == 302
    fund_year = FundYear.objects.get(municipality=huddinge, year=2027)
    assert (fund_year.budget_kr, fund_year.social_budget_kr) == (10_000_000, 6_000_000)


def test_budget_cannot_drop_below_what_is_granted(
    act, login, client, coordinator, call, kultur, applicant, fund_year
):

    application = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=400_000
    )
    decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome="granted",
        amount_kr=None,
        reasons="Bra",
        delegation=delegation_point(application.municipality),
    )
    login(coordinator)
    response = client.post(
        f"/trygghetsfond/installningar/fondar/{fund_year.pk}/",
        {"year": "2026", "budget_kr": "300000"},
    )
    assert response.status_code == 200
    assert 'id="id_budget_kr_error"' in response.content.decode()
    fund_year.refresh_from_db()
    assert fund_year.budget_kr == 10_000_000


def _call_form(fund_year, eligible, **extra):
    form = {
        "fund_year": fund_year.pk,
        "title": "Höstens utlysning",
        "description": "",
        "opens_at": "2026-09-01T08:00",
        "closes_at": "2026-10-31T23:59",
        "max_amount_kr": "500000",
        "categories": ["social"],
        "measure_types": ["nattvandring", "belysning"],
        "eligible": [o.pk for o in eligible],
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "Behov",
        "criteria-0-weight": "3",
        "criteria-0-description": "",
        "criteria-1-name": "",
        "criteria-1-weight": "",
        "criteria-1-description": "",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "Hur når ni målgruppen?",
        "questions-0-help_text": "",
        "questions-0-required": "on",
    }
    form.update(extra)
    return form


def test_coordinator_creates_a_call_with_criteria_and_questions(
    login, client, coordinator, fund_year, kultur
):
    login(coordinator)
    response = client.post(
        "/trygghetsfond/installningar/utlysning/ny/", _call_form(fund_year, [kultur])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    call = Call.objects.get(title="Höstens utlysning")
    assert list(call.criteria.values_list("name", "weight")) == [("Behov", 3)]
    assert list(call.questions.values_list("text", flat=True)) == ["Hur når ni målgruppen?"]
    assert list(call.eligible_organisations.all()) == [kultur]


def test_call_closing_before_it_opens_is_refused(login, client, coordinator, fund_year, kultur):
    login(coordinator)
    response = client.post(
        "/trygghetsfond/installningar/utlysning/ny/",
        _call_form(fund_year, [kultur], closes_at="2026-08-01T08:00"),
    )
    assert response.status_code == 200
    assert not Call.objects.filter(title="Höstens utlysning").exists()


def test_call_needs_a_criterion(login, client, coordinator, fund_year, kultur):
    login(coordinator)
    response = client.post(
        "/trygghetsfond/installningar/utlysning/ny/",
        _call_form(fund_year, [kultur], **{"criteria-0-name": ""}),
    )
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()


def test_another_municipalitys_call_is_404(make_user, login, client, botkyrka, call):
    login(make_user(Role.SAMORDNARE, botkyrka))
    assert client.get(f"/trygghetsfond/installningar/utlysning/{call.pk}/").status_code == 404


def _batch_post(applications, **rows):
    data = {
        "delegation": delegation_point(applications[0].municipality).pk,
        "rows-TOTAL_FORMS": str(len(applications)),
        "rows-INITIAL_FORMS": str(len(applications)),
    }
    for i, application in enumerate(applications):
        data[f"rows-{i}-application_id"] = str(application.pk)
        outcome, amount, reasons = rows.get(f"r{i}", ("", "", ""))
        data[f"rows-{i}-outcome"] = outcome
        data[f"rows-{i}-amount_kr"] = amount
        data[f"rows-{i}-reasons"] = reasons
    return data


def test_batch_decision_records_every_chosen_decision(
    login, client, coordinator, call, kultur, applicant, fund_year
):
    apps = [
        make_application(
            call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=100_000
        )
        for _ in range(3)
    ]
    login(coordinator)
    assert (
        client.get(f"/trygghetsfond/installningar/utlysning/{call.pk}/beslut/").status_code == 200
    )
    response = client.post(
        f"/trygghetsfond/installningar/utlysning/{call.pk}/beslut/",
        _batch_post(
            apps,
            r0=("granted", "", "Bra"),
            r1=("partly_granted", "40000", "Delvis"),
            r2=("", "", ""),
        ),
    )
    assert response.status_code == 302
    statuses = [
        a.status
        for a in Application.objects.filter(pk__in=[a.pk for a in apps]).order_by("reference")
    ]
    assert statuses == ["granted", "partly_granted", "in_review"]
    fund_year.refresh_from_db()
    assert fund_year.committed_kr == 140_000


def test_batch_that_does_not_fit_decides_nothing(
    login, client, coordinator, call, kultur, applicant, fund_year
):
    FundYear.objects.filter(pk=fund_year.pk).update(budget_kr=150_000)
    apps = [
        make_application(
            call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=100_000
        )
        for _ in range(2)
    ]
    login(coordinator)
    response = client.post(
        f"/trygghetsfond/installningar/utlysning/{call.pk}/beslut/",
        _batch_post(apps, r0=("granted", "", "Bra"), r1=("granted", "", "Bra")),
    )
    assert response.status_code == 200
    assert apps[1].reference in response.content.decode()
    assert (
        not Application.objects.exclude(status=ApplicationStatus.IN_REVIEW)
        .filter(pk__in=[a.pk for a in apps])
        .exists()
    )
    fund_year.refresh_from_db()
    assert fund_year.committed_kr == 0


def test_coordinator_reopens_a_late_draft_from_the_call(
    login, client, coordinator, applicant, fund_year, kultur, act
):
    import time_machine
    from django.utils import timezone

    from tests.factories import make_call
    from trygg.fund.applications import services

    call = make_call(fund_year, eligible=[kultur], title="Vårens utlysning")
    draft = make_application(call, kultur, applicant, title="Sen ansökan")
    with time_machine.travel(call.closes_at + timezone.timedelta(hours=2), tick=False):
        login(coordinator)
        page = client.get(f"/trygghetsfond/installningar/utlysning/{call.pk}/sena-utkast/")
        assert "Sen ansökan" in page.content.decode()
        until = timezone.localtime(timezone.now() + timezone.timedelta(days=1))
        client.post(
            f"/trygghetsfond/installningar/utlysning/{call.pk}/sena-utkast/",
            {"application_id": draft.pk, "until": until.strftime("%Y-%m-%dT%H:%M")},
        )
        draft.refresh_from_db()
        assert draft.reopened_until is not None
        services.application_submit(actor=act(applicant), application=draft)


def test_sub_budgets_cannot_add_up_to_more_than_the_year(login, client, coordinator, huddinge):
    login(coordinator)
    response = client.post(
        "/trygghetsfond/installningar/",
        {
            "year": "2027",
            "budget_kr": "10000000",
            "social_budget_kr": "6000000",
            "situational_budget_kr": "5000000",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "11\u00a0000\u00a0000 kr" in page and "10\u00a0000\u00a0000 kr" in page
    assert not FundYear.objects.filter(year=2027).exists()
