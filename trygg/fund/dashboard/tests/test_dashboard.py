"""The coordinator's overview of a fund year: who may see it, its figures, its query count."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    INVOICE,
    delegation_point,
    make_application,
    make_fund_year,
    signed_agreement,
)
from trygg.core.roles import Role
from trygg.fund.constants import ApplicationStatus, DecisionOutcome, MeasureType
from trygg.fund.decisions import services as decision_services
from trygg.fund.models import Application, FundYear
from trygg.organisations.models import District

pytestmark = pytest.mark.django_db

URL = "/trygghetsfond/oversikt/"
MAX_QUERIES = 13  # the four every signed-in request costs, and the page's own


def _decide(act, coordinator, application, outcome=DecisionOutcome.GRANTED, amount=None):
    decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome=outcome,
        amount_kr=amount,
        reasons="Väl underbyggd",
        delegation=delegation_point(application.municipality),
    )
    application.refresh_from_db()
    return application


def _rows(response, slug: str) -> dict:
    breakdown = next(b for b in response.context["breakdowns"] if b.slug == slug)
    return {row.key: row for row in breakdown.rows}


def _count_queries(client, url: str = URL) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


# --- Access -----------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_login_page(client, fund_year):
    response = client.get(URL)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


@pytest.mark.parametrize("role", sorted(set(Role.values) - {Role.SAMORDNARE}))
def test_roles_other_than_the_coordinator_are_refused(make_user, login, client, fund_year, role):
    login(make_user(role))
    assert client.get(URL).status_code == 403


def test_coordinator_sees_the_newest_fund_year_by_default(login, client, coordinator, huddinge):
    make_fund_year(huddinge, year=2025, budget_kr=5_000_000)
    make_fund_year(huddinge, year=2026, budget_kr=8_000_000)
    login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["fund_year"].year == 2026
    assert "8\u00a0000\u00a0000\u00a0kr" in response.content.decode()


def test_year_parameter_selects_another_fund_year(login, client, coordinator, huddinge):
    make_fund_year(huddinge, year=2025, budget_kr=5_000_000)
    make_fund_year(huddinge, year=2026)
    login(coordinator)
    response = client.get(URL, {"ar": "2025"})
    assert response.context["fund_year"].year == 2025
    assert "5\u00a0000\u00a0000\u00a0kr" in response.content.decode()


@pytest.mark.parametrize("year", ["2024", "abc", "2026 ", "-1", "²"])
def test_unknown_or_malformed_year_is_404(login, client, coordinator, fund_year, year):
    login(coordinator)
    assert client.get(URL, {"ar": year}).status_code == 404


def test_another_municipalitys_fund_year_is_404(login, client, coordinator, fund_year, botkyrka):
    make_fund_year(botkyrka, year=2025)
    login(coordinator)
    assert client.get(URL, {"ar": "2025"}).status_code == 404


def test_municipality_without_a_fund_year_gets_a_message(login, client, coordinator):
    login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["fund_year"] is None
    assert "fund-dashboard-data" not in response.content.decode()


def test_fund_index_links_the_coordinator_to_the_overview(login, client, coordinator, fund_year):
    login(coordinator)
    assert f'href="{URL}"' in client.get("/trygghetsfond/").content.decode()


# --- Figures ----------------------------------------------------------------------------


@pytest.fixture
def decided_year(act, coordinator, coordinator2, call, kultur, bolag, applicant, fund_year):
    """A fund year with a grant, a partial grant (paid in part), a rejection, one under
    review, one submitted and a draft, over three districts and three measure types."""
    vasby, flemingsberg, skogas = District.objects.filter(municipality=fund_year.municipality)[:3]

    def make(organisation, status, requested_kr, category, types, districts):
        application = make_application(
            call,
            organisation,
            applicant,
            status=status,
            requested_kr=requested_kr,
            category=category,
        )
        Application.objects.filter(pk=application.pk).update(measure_types=types)
        application.districts.set(districts)
        application.refresh_from_db()
        return application

    granted = make(
        kultur, ApplicationStatus.IN_REVIEW, 200_000, "social", ["nattvandring"], [vasby]
    )
    _decide(act, coordinator, granted)
    partly = make(
        bolag,
        ApplicationStatus.IN_REVIEW,
        500_000,
        "situational",
        ["belysning", "rojning"],
        [vasby, flemingsberg],
    )
    _decide(act, coordinator, partly, DecisionOutcome.PARTLY_GRANTED, 300_000)
    signed_agreement(partly)
    payment = decision_services.payment_request(
        actor=act(coordinator), application=partly, amount_kr=120_000, **INVOICE
    )
    decision_services.payment_approve(actor=act(coordinator2), payment=payment)
    rejected = make(bolag, ApplicationStatus.IN_REVIEW, 900_000, "situational", ["belysning"], [])
    _decide(act, coordinator, rejected, DecisionOutcome.REJECTED)
    make(kultur, ApplicationStatus.IN_REVIEW, 50_000, "social", ["nattvandring"], [skogas])
    make(kultur, ApplicationStatus.SUBMITTED, 70_000, "social", ["annat"], [flemingsberg])
    make(kultur, ApplicationStatus.DRAFT, 999_000, "social", ["nattvandring"], [vasby])
    return {"vasby": vasby, "flemingsberg": flemingsberg, "skogas": skogas}


def test_ledger_figures_agree_with_the_decisions(login, client, coordinator, decided_year):
    login(coordinator)
    response = client.get(URL)
    fund_year = response.context["fund_year"]
    decided = Application.objects.filter(status__in=["granted", "partly_granted", "rejected"])
    assert fund_year.committed_kr == sum(a.granted_kr for a in decided) == 500_000
    assert fund_year.paid_kr == 120_000
    assert fund_year.remaining_kr == 10_000_000 - 500_000
    html = response.content.decode()
    for amount in ("500\u00a0000\u00a0kr", "120\u00a0000\u00a0kr", "9\u00a0500\u00a0000\u00a0kr"):
        assert amount in html


def test_breakdowns_count_every_submitted_application_and_no_draft(
    login, client, coordinator, decided_year, kultur, bolag
):
    login(coordinator)
    response = client.get(URL)

    status = _rows(response, "status")
    assert {key: row.count for key, row in status.items() if row.count} == {
        ApplicationStatus.SUBMITTED: 1,
        ApplicationStatus.IN_REVIEW: 1,
        ApplicationStatus.GRANTED: 1,
        ApplicationStatus.PARTLY_GRANTED: 1,
        ApplicationStatus.REJECTED: 1,
    }

    category = _rows(response, "category")
    social, situational = category["social"], category["situational"]
    assert (social.count, social.requested_kr, social.granted_kr) == (3, 320_000, 200_000)
    assert (situational.count, situational.granted_kr, situational.paid_kr) == (2, 300_000, 120_000)

    district = _rows(response, "district")
    vasby, flemingsberg = decided_year["vasby"].pk, decided_year["flemingsberg"].pk
    assert district[vasby].count == 2  # the draft in the same district is left out
    assert district[vasby].granted_kr == 500_000
    assert district[flemingsberg].count == 2
    assert district[decided_year["skogas"].pk].count == 1
    assert district[None].count == 1

    applicant = _rows(response, "applicant")
    assert applicant[kultur.pk].count == 3
    assert applicant[bolag.pk].requested_kr == 1_400_000

    measure = _rows(response, "measure-type")
    assert measure[MeasureType.NATTVANDRING].count == 2
    assert measure[MeasureType.BELYSNING].count == 2
    assert measure[MeasureType.ROJNING].granted_kr == 300_000
    assert measure[MeasureType.ANNAT].count == 1
    assert MeasureType.TRYGGHETSKAMEROR not in measure  # no application, no row


def test_stored_figures_follow_every_change_of_the_applications(
    login, client, coordinator, decided_year, bolag, call
):
    """Writes that bypass the services (a queryset update, the districts, a call moved to
    another fund year) still reach the page: the triggers move the version."""
    login(coordinator)
    assert _rows(client.get(URL), "category")["social"].count == 3  # computed and stored
    Application.objects.filter(applicant=bolag).update(category="social")
    assert _rows(client.get(URL), "category")["social"].count == 5
    skogas = decided_year["skogas"]
    Application.objects.get(districts=skogas).districts.clear()
    assert skogas.pk not in _rows(client.get(URL), "district")
    other_year = FundYear.objects.create(
        municipality=call.fund_year.municipality, year=2019, budget_kr=0
    )
    year = call.fund_year.year
    type(call).objects.filter(pk=call.pk).update(fund_year=other_year)
    assert not _rows(client.get(f"{URL}?ar={year}"), "applicant")


def test_another_municipalitys_applications_never_count(
    login, client, coordinator, decided_year, make_user, botkyrka
):
    from tests.factories import make_call

    other_call = make_call(make_fund_year(botkyrka), eligible=[botkyrka])
    make_application(
        other_call,
        botkyrka,
        make_user(Role.SOKANDE, botkyrka),
        status=ApplicationStatus.SUBMITTED,
        requested_kr=123_000,
    )
    login(coordinator)
    response = client.get(URL)
    assert sum(row.count for row in _rows(response, "status").values()) == 5
    assert "123\u00a0000" not in response.content.decode()


def test_sub_budgets_are_shown_when_set(login, client, coordinator, decided_year):
    FundYear.objects.update(social_budget_kr=4_000_000)
    login(coordinator)
    response = client.get(URL)
    (social,) = response.context["sub_budgets"]
    assert (social["committed_kr"], social["remaining_kr"]) == (200_000, 3_800_000)
    assert "3\u00a0800\u00a0000\u00a0kr" in response.content.decode()


def test_each_chart_has_a_table_and_data_for_the_script(login, client, coordinator, decided_year):
    login(coordinator)
    html = client.get(URL).content.decode()
    data = json.loads(
        html.split('id="fund-dashboard-data" type="application/json">')[1].split("</script>")[0]
    )
    assert set(data) == {
        "status",
        "category",
        "problem",
        "district",
        "applicant",
        "measure-type",
    }
    for slug in data:
        assert f'<canvas id="chart-{slug}" data-chart="{slug}" role="img" aria-label=' in html
        assert f'id="table-{slug}"' in html
    assert data["category"]["datasets"][1]["data"] == [200_000, 300_000]
    # The chart script comes from a file, with the nonce; no inline script runs.
    assert 'src="/static/js/fund-dashboard.js" nonce="' in html


# --- Queries ----------------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_applications(
    login, client, coordinator, call, kultur, bolag, applicant, decided_year
):
    login(coordinator)
    _count_queries(client)
    few = _count_queries(client)
    assert few <= MAX_QUERIES
    districts = list(District.objects.filter(municipality=call.fund_year.municipality))
    types = list(MeasureType.values)
    for i in range(40):
        application = make_application(
            call,
            (kultur, bolag)[i % 2],
            applicant,
            status=list(ApplicationStatus.values)[1 + i % 8],
            category=("social", "situational")[i % 2],
            granted_kr=1_000,
        )
        Application.objects.filter(pk=application.pk).update(
            measure_types=[types[i % len(types)], types[(i + 3) % len(types)]]
        )
        application.districts.set(districts[i % len(districts) :][:2])
    # The first view after a change computes the stored figures again, in as many queries.
    assert _count_queries(client) <= MAX_QUERIES
    assert _count_queries(client) == few
    assert _count_queries(client, f"{URL}?ar=2026") == few
