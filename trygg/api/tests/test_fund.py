"""The safety fund over the API: the same scoping, rules and ledger as the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import delegation_point, make_application, make_call, make_fund_year
from trygg.audit.models import AuditEvent
from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Decision, FundYear, LedgerEntry

pytestmark = pytest.mark.django_db

LIST = "/fund/applications"
DECISION = {
    "outcome": "granted",
    "amount_kr": None,
    "reasons": "Väl underbyggd",
    "delegation_point": "4.2",
}


@pytest.fixture(autouse=True)
def _delegation_list(huddinge):
    return delegation_point(huddinge)


def _decision_path(application):
    return f"/fund/applications/{application.pk}/decision"


# --- Lists and details ----------------------------------------------------------------


def test_applicant_sees_only_their_organisations_applications(
    api, key_for, call, kultur, bolag, applicant, bolag_applicant
):
    own_draft = make_application(call, kultur, applicant)
    own_submitted = make_application(call, kultur, applicant, status="submitted")
    make_application(call, bolag, bolag_applicant, status="submitted")
    response = api.get(LIST, key_for(applicant, "fund:read"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {item["id"] for item in body["items"]} == {own_draft.pk, own_submitted.pk}


def test_list_item_shape(api, key_for, call, kultur, applicant, coordinator):
    application = make_application(call, kultur, applicant, status="submitted", requested_kr=75_000)
    item = api.get(LIST, key_for(coordinator, "fund:read")).json()["items"][0]
    district = application.districts.get()
    assert item == {
        "id": application.pk,
        "reference": application.reference,
        "title": application.title,
        "applicant": {"id": kultur.pk, "name": kultur.name},
        "status": "submitted",
        "category": "social",
        "requested_kr": 75_000,
        "granted_kr": 0,
        "paid_kr": 0,
        "submitted_at": None,
        "districts": [district.name],
    }


def test_coordinator_does_not_see_drafts(api, key_for, call, kultur, applicant, coordinator):
    make_application(call, kultur, applicant)
    submitted = make_application(call, kultur, applicant, status="submitted")
    items = api.get(LIST, key_for(coordinator, "fund:read")).json()["items"]
    assert [item["id"] for item in items] == [submitted.pk]


def test_list_filters_by_status_and_category(api, key_for, call, kultur, applicant, coordinator):
    in_review = make_application(call, kultur, applicant, status="in_review")
    situational = make_application(
        call, kultur, applicant, status="submitted", category="situational"
    )
    make_application(call, kultur, applicant, status="submitted")
    key = key_for(coordinator, "fund:read")
    by_status = api.get(LIST, key, status="in_review").json()
    assert [item["id"] for item in by_status["items"]] == [in_review.pk]
    by_category = api.get(LIST, key, category="situational").json()
    assert [item["id"] for item in by_category["items"]] == [situational.pk]
    assert api.get(LIST, key, status="nonsense").status_code == 422


def test_list_is_paginated_newest_first(api, key_for, call, kultur, applicant, coordinator):
    applications = [make_application(call, kultur, applicant, status="submitted") for _ in range(5)]
    key = key_for(coordinator, "fund:read")
    page = api.get(LIST, key, limit=2, offset=1).json()
    assert (page["count"], page["limit"], page["offset"]) == (5, 2, 1)
    newest_first = [a.pk for a in reversed(applications)]
    assert [item["id"] for item in page["items"]] == newest_first[1:3]


@pytest.mark.parametrize("query", [{"limit": 101}, {"limit": 0}, {"offset": -1}])
def test_page_size_is_limited(api, key_for, coordinator, query):
    response = api.get(LIST, key_for(coordinator, "fund:read"), **query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_list_query_count_does_not_grow_with_the_rows(
    api, key_for, call, kultur, bolag, applicant, bolag_applicant, coordinator
):
    key = key_for(coordinator, "fund:read")
    make_application(call, kultur, applicant, status="submitted")
    api.get(LIST, key)  # first use writes last_used_at; measure the steady state
    with CaptureQueriesContext(connection) as few:
        assert len(api.get(LIST, key).json()["items"]) == 1
    for organisation, user in [(kultur, applicant), (bolag, bolag_applicant)] * 3:
        make_application(call, organisation, user, status="submitted")
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(LIST, key).json()["items"]) == 7
    assert len(many) == len(few)


def test_detail_shows_a_visible_application(api, key_for, call, kultur, applicant):
    application = make_application(call, kultur, applicant)
    response = api.get(f"/fund/applications/{application.pk}", key_for(applicant, "fund:read"))
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["call"], body["decision"]) == (
        application.pk,
        {"id": call.pk, "title": call.title},
        None,
    )
    assert body["summary"] == application.summary


def test_another_municipalitys_application_is_404(
    api, key_for, call, kultur, applicant, botkyrka_coordinator
):
    application = make_application(call, kultur, applicant, status="in_review")
    key = key_for(botkyrka_coordinator, "fund:read", "fund:write")
    response = api.get(f"/fund/applications/{application.pk}", key)
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)
    assert api.post(_decision_path(application), key, DECISION).status_code == 404
    assert application.pk not in [i["id"] for i in api.get(LIST, key).json()["items"]]


def test_unknown_application_is_404_json(api, key_for, applicant):
    response = api.get("/fund/applications/999999", key_for(applicant, "fund:read"))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "path", ["/fund/applications/" + "9" * 25, "/fund/applications/0", "/fund/years/99999/ledger"]
)
def test_out_of_range_ids_and_years_are_422_not_500(api, key_for, coordinator, path):
    response = api.get(path, key_for(coordinator, "fund:read"))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")


# --- Decisions ------------------------------------------------------------------------


def test_decision_over_the_api_commits_the_ledger(
    api, key_for, call, kultur, applicant, coordinator, fund_year
):
    application = make_application(
        call, kultur, applicant, status="in_review", requested_kr=250_000
    )
    response = api.post(_decision_path(application), key_for(coordinator, "fund:write"), DECISION)
    assert response.status_code == 201, response.content
    decision = Decision.objects.get()
    body = response.json()
    assert (body["id"], body["outcome"], body["amount_kr"]) == (decision.pk, "granted", 250_000)
    assert body["decided_at"]
    fund_year.refresh_from_db()
    application.refresh_from_db()
    assert (fund_year.committed_kr, fund_year.remaining_kr) == (250_000, 9_750_000)
    assert (application.status, application.granted_kr) == ("granted", 250_000)
    assert LedgerEntry.objects.get().amount_kr == 250_000
    event = AuditEvent.objects.get(action="fund.decision.create")
    assert event.actor_id == coordinator.pk


def test_partial_grant_over_the_api(api, key_for, call, kultur, applicant, coordinator, fund_year):
    application = make_application(
        call, kultur, applicant, status="in_review", requested_kr=300_000
    )
    body = {**DECISION, "outcome": "partly_granted", "amount_kr": 120_000}
    response = api.post(_decision_path(application), key_for(coordinator, "fund:write"), body)
    assert response.status_code == 201
    assert response.json()["amount_kr"] == 120_000
    fund_year.refresh_from_db()
    assert fund_year.committed_kr == 120_000


def test_over_budget_decision_is_422_and_changes_nothing(
    api, key_for, call, kultur, applicant, coordinator, fund_year
):
    FundYear.objects.filter(pk=fund_year.pk).update(budget_kr=100_000)
    application = make_application(
        call, kultur, applicant, status="in_review", requested_kr=250_000
    )
    key = key_for(coordinator, "fund:write")
    events = AuditEvent.objects.count()
    response = api.post(_decision_path(application), key, DECISION)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "amount_kr"]
    assert "100" in error["msg"]
    assert "Nothing was decided" in error["msg"] or "Inget" in error["msg"]
    application.refresh_from_db()
    fund_year.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.granted_kr == 0
    assert fund_year.committed_kr == 0
    assert not Decision.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert AuditEvent.objects.count() == events


def test_business_rule_without_a_field_is_reported_on_all(
    api, key_for, call, kultur, applicant, coordinator
):
    application = make_application(call, kultur, applicant, status="submitted")
    response = api.post(_decision_path(application), key_for(coordinator, "fund:write"), DECISION)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "__all__"]


def test_blank_reasons_are_reported_on_the_field(
    api, key_for, call, kultur, applicant, coordinator
):
    application = make_application(call, kultur, applicant, status="in_review")
    response = api.post(
        _decision_path(application),
        key_for(coordinator, "fund:write"),
        {**DECISION, "reasons": "   "},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reasons"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {**DECISION, "outcome": "maybe"},
        {**DECISION, "amount_kr": "a lot"},
        {**DECISION, "amount_kr": -5},
        {**DECISION, "delegation_point": "x" * 21},
        {key: value for key, value in DECISION.items() if key != "reasons"},
        "[]",
    ],
)
def test_invalid_body_is_422(api, key_for, call, kultur, applicant, coordinator, body):
    application = make_application(call, kultur, applicant, status="in_review")
    response = api.post(_decision_path(application), key_for(coordinator, "fund:write"), body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    assert all(error["loc"][0] == "body" and error["msg"] for error in detail)
    assert not Decision.objects.exists()


def test_validation_errors_name_the_field_like_business_rules_do(
    api, key_for, call, kultur, applicant, coordinator
):
    application = make_application(call, kultur, applicant, status="in_review")
    key = key_for(coordinator, "fund:write")
    response = api.post(_decision_path(application), key, {**DECISION, "outcome": "maybe"})
    assert [error["loc"] for error in response.json()["detail"]] == [["body", "outcome"]]


def test_unparseable_body_is_400(api, key_for, call, kultur, applicant, coordinator):
    """Not JSON at all is a bad request, not a validation error (ninja's answer, kept)."""
    application = make_application(call, kultur, applicant, status="in_review")
    key = key_for(coordinator, "fund:write")
    response = api.post(_decision_path(application), key, "{not json")
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)
    assert not Decision.objects.exists()


def test_applicant_cannot_decide_even_with_the_write_scope(api, key_for, call, kultur, applicant):
    application = make_application(call, kultur, applicant, status="in_review")
    response = api.post(_decision_path(application), key_for(applicant, "fund:write"), DECISION)
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Decision.objects.exists()
    denial = AuditEvent.objects.get(action="core.permission.deny")
    assert denial.actor_id == applicant.pk
    assert denial.payload["view"] == "api:decision_create"


# --- Ledger ---------------------------------------------------------------------------


def test_coordinator_reads_the_ledger(
    api, key_for, call, kultur, applicant, coordinator, fund_year
):
    application = make_application(
        call, kultur, applicant, status="in_review", requested_kr=250_000
    )
    api.post(_decision_path(application), key_for(coordinator, "fund:write"), DECISION)
    response = api.get("/fund/years/2026/ledger", key_for(coordinator, "fund:read"))
    assert response.status_code == 200
    assert response.json() == {
        "year": 2026,
        "budget_kr": 10_000_000,
        "carried_in_kr": 0,
        "carried_out_kr": 0,
        "available_kr": 10_000_000,
        "committed_kr": 250_000,
        "paid_kr": 0,
        "returned_kr": 0,
        "remaining_kr": 9_750_000,
    }


def test_ledger_is_only_for_coordinators(api, key_for, applicant, fund_year):
    response = api.get("/fund/years/2026/ledger", key_for(applicant, "fund:read"))
    assert response.status_code == 403


def test_ledger_of_a_year_without_a_fund_is_404(api, key_for, coordinator, fund_year):
    response = api.get("/fund/years/2025/ledger", key_for(coordinator, "fund:read"))
    assert response.status_code == 404


def test_ledger_never_shows_another_municipalitys_fund(
    api, key_for, botkyrka, botkyrka_coordinator, fund_year
):
    key = key_for(botkyrka_coordinator, "fund:read")
    assert api.get("/fund/years/2026/ledger", key).status_code == 404
    make_call(make_fund_year(botkyrka, budget_kr=42), eligible=[])
    assert api.get("/fund/years/2026/ledger", key).json()["budget_kr"] == 42


# --- OpenAPI --------------------------------------------------------------------------


def test_openapi_document_lists_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == {
        "/api/v1/fund/applications",
        "/api/v1/fund/applications/{application_id}",
        "/api/v1/fund/applications/{application_id}/decision",
        "/api/v1/fund/years/{year}/ledger",
    }
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
