import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import delegation_point, make_application
from trygg.core.roles import Role
from trygg.fund.constants import ApplicationStatus
from trygg.fund.decisions import services as decision_services
from trygg.fund.models import Application
from trygg.fund.review import services as review_services

pytestmark = pytest.mark.django_db

FUND_ROLES = {Role.SOKANDE, Role.SAMORDNARE, Role.GRANSKARE}


@pytest.mark.parametrize("role", sorted(set(Role.values) - FUND_ROLES))
def test_roles_outside_the_fund_are_refused(make_user, login, client, role):
    login(make_user(role))
    assert client.get("/trygghetsfond/").status_code == 403


def test_applicant_sees_only_their_own_organisation(
    make_user, login, client, call, kultur, bolag, applicant
):
    own = make_application(call, kultur, applicant, title="Vår åtgärd")
    other = make_application(call, bolag, applicant, title="Bolagets åtgärd")
    login(applicant)
    page = client.get("/trygghetsfond/").content.decode()
    assert "Vår åtgärd" in page and "Bolagets åtgärd" not in page
    assert client.get(f"/trygghetsfond/ansokan/{own.pk}/").status_code == 200
    response = client.get(f"/trygghetsfond/ansokan/{other.pk}/")
    assert response.status_code == 404
    assert "Bolagets" not in response.content.decode()


def test_coordinator_does_not_see_drafts(login, client, coordinator, call, kultur, applicant):
    draft = make_application(call, kultur, applicant, title="Hemligt utkast")
    login(coordinator)
    assert "Hemligt utkast" not in client.get("/trygghetsfond/").content.decode()
    assert client.get(f"/trygghetsfond/ansokan/{draft.pk}/").status_code == 404


def test_coordinator_of_another_municipality_gets_404(
    make_user, login, client, botkyrka, call, kultur, applicant
):
    submitted = make_application(call, kultur, applicant, status=ApplicationStatus.SUBMITTED)
    login(make_user(Role.SAMORDNARE, botkyrka))
    assert client.get(f"/trygghetsfond/ansokan/{submitted.pk}/").status_code == 404
    assert client.post(f"/trygghetsfond/ansokan/{submitted.pk}/formell-kontroll/").status_code in (
        403,
        404,
    )
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_reviewer_sees_only_assigned_applications(
    login, client, reviewer, coordinator, call, kultur, applicant, act
):

    assigned = make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW)
    other = make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW)
    review_services.reviewer_assign(actor=act(coordinator), application=assigned, reviewer=reviewer)
    login(reviewer)
    assert client.get(f"/trygghetsfond/ansokan/{other.pk}/").status_code == 404
    # Before declaring, the application page sends the reviewer to the declaration.
    response = client.get(f"/trygghetsfond/ansokan/{assigned.pk}/")
    assert response.status_code == 302 and "/granskning/" in response["Location"]


def test_whole_application_flow_over_http(login, client, applicant, call, kultur, huddinge):
    from trygg.organisations.models import District

    login(applicant)
    client.post(f"/trygghetsfond/utlysning/{call.pk}/ny-ansokan/", {"title": "Belysning i Vårby"})
    application = Application.objects.get(title="Belysning i Vårby")
    district = District.objects.filter(municipality=huddinge).first()
    question = call.questions.first()
    form = {
        "title": "Belysning i Vårby",
        "summary": "Ny belysning längs gångvägen",
        "category": "situational",
        "measure_types": ["belysning"],
        "districts": [district.pk],
        "target_group": "Boende",
        "problem": "Mörk gångväg",
        "problem_basis": ["trygghetsvandring"],
        "expected_effects": "Tryggare kvällar",
        "risks": "Skadegörelse",
        "partners": "Huddingehem",
        "start_date": "2026-04-01",
        "end_date": "2026-10-31",
        "co_financing_kr": "20000",
        f"question_{question.pk}": "Trygghetsvandring med boende",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-description": "Armaturer",
        "budget-0-amount_kr": "80000",
        "budget-1-description": "",
        "budget-1-amount_kr": "",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "Upplevd trygghet",
        "indicators-0-baseline": "40 %",
        "indicators-0-target": "60 %",
    }
    response = client.post(
        f"/trygghetsfond/ansokan/{application.pk}/redigera/", {**form, "submit": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    application.refresh_from_db()
    assert (application.status, application.requested_kr) == ("submitted", 80_000)
    assert client.get(f"/trygghetsfond/ansokan/{application.pk}/redigera/").status_code == 403


def test_submitting_an_incomplete_form_shows_errors_and_keeps_the_draft(
    login, client, applicant, call
):
    login(applicant)
    client.post(f"/trygghetsfond/utlysning/{call.pk}/ny-ansokan/", {"title": "Halvfärdig"})
    application = Application.objects.get(title="Halvfärdig")
    response = client.post(
        f"/trygghetsfond/ansokan/{application.pk}/redigera/",
        {
            "title": "Halvfärdig",
            "submit": "1",
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ds-error-summary" in html and 'id="id_summary_error"' in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_public_page_lists_only_granted_measures(client, call, kultur, applicant):
    make_application(
        call,
        kultur,
        applicant,
        title="Beviljad belysning",
        status=ApplicationStatus.GRANTED,
        granted_kr=100_000,
    )
    make_application(
        call, kultur, applicant, title="Avslagen idé", status=ApplicationStatus.REJECTED
    )
    make_application(call, kultur, applicant, title="Utkast", status=ApplicationStatus.DRAFT)
    page = client.get("/trygghetsfonden/").content.decode()
    assert "Beviljad belysning" in page
    assert "Avslagen idé" not in page and "Utkast" not in page
    data = json.loads(client.get("/trygghetsfonden/beviljade.json").content)
    assert [g["title"] for g in data["grants"]] == ["Beviljad belysning"]
    assert data["grants"][0]["amount_kr"] == 100_000
    csv_text = client.get("/trygghetsfonden/beviljade.csv").content.decode("utf-8-sig")
    assert "Beviljad belysning" in csv_text and "Avslagen" not in csv_text


def test_application_list_query_count_does_not_grow(
    login, client, coordinator, call, kultur, applicant
):
    login(coordinator)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/trygghetsfond/").status_code == 200
        return len(captured.captured_queries)

    make_application(call, kultur, applicant, status=ApplicationStatus.SUBMITTED)
    count()
    few = count()
    for _ in range(30):
        make_application(call, kultur, applicant, status=ApplicationStatus.SUBMITTED)
    assert count() == few


def test_application_list_pages_by_key_from_either_end(
    login, client, coordinator, call, kultur, applicant
):
    from trygg.fund.applications.views import APPLICATIONS_PER_PAGE

    for number in range(APPLICATIONS_PER_PAGE + 5):
        make_application(call, kultur, applicant, status="submitted", title=f"Lista {number:03d}")
    login(coordinator)
    first = client.get("/trygghetsfond/", {"status": "submitted"})
    assert "Lista 054" in first.content.decode() and "Lista 004" not in first.content.decode()
    # The old link to the last page still works; it holds the oldest applications.
    last = client.get("/trygghetsfond/", {"status": "submitted", "sida": "last"})
    assert "Lista 000" in last.content.decode() and "Lista 054" not in last.content.decode()
    following = first.context["page"].next_query
    assert "status=submitted" in following
    second = client.get(f"/trygghetsfond/?{following}").content.decode()
    assert "Lista 004" in second and "Lista 005" not in second
    back = client.get(f"/trygghetsfond/?{last.context['page'].previous_query}")
    assert "Lista 050" in back.content.decode() and "Lista 049" not in back.content.decode()


def test_public_page_query_count_does_not_grow(client, call, kultur, applicant):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/trygghetsfonden/").status_code == 200
        return len(captured.captured_queries)

    make_application(call, kultur, applicant, status=ApplicationStatus.GRANTED, granted_kr=1)
    few = count()
    for _ in range(20):
        make_application(call, kultur, applicant, status=ApplicationStatus.GRANTED, granted_kr=1)
    assert count() == few


def test_application_page_stays_within_15_queries(
    login, client, coordinator, coordinator2, call, kultur, applicant, act, reviewer
):
    """A paid application with reviews, a decision, payments and history: the heaviest page."""

    application = make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW)
    assignment = review_services.reviewer_assign(
        actor=act(coordinator), application=application, reviewer=reviewer
    )
    review_services.conflict_declare(actor=act(reviewer), assignment=assignment, has_conflict=False)
    criteria = list(call.criteria.all())
    review_services.review_submit(
        actor=act(reviewer),
        assignment=assignment,
        scores={c.pk: (3, "") for c in criteria},
        recommendation="grant",
        comment="",
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
        actor=act(coordinator), application=application, amount_kr=50_000
    )
    decision_services.payment_approve(actor=act(coordinator2), payment=payment)
    login(coordinator)
    client.get(f"/trygghetsfond/ansokan/{application.pk}/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/trygghetsfond/ansokan/{application.pk}/")
    assert response.status_code == 200
    queries = [q["sql"] for q in captured.captured_queries]
    assert len(queries) <= 15, "\n".join(q[:150] for q in queries)
    # The history in sentences with who did it; choices in words; no codes anywhere.
    page = response.content.decode()
    assert f"Beviljades; beslutet registrerades av {coordinator.full_name}" in page
    assert "fund.application" not in page and "in_review" not in page
    for code in application.measure_types:
        assert f">{code}<" not in page and f" {code}," not in page


def test_applicants_see_the_criteria_and_weights_before_they_apply(login, client, applicant, call):
    login(applicant)
    page = client.get("/trygghetsfond/").content.decode()
    assert "Så bedöms ansökningarna" in page
    for criterion in call.criteria.all():
        assert criterion.name in page
        assert f"vikt {criterion.weight}" in page


def test_list_links_are_the_application_pages():
    from django.urls import reverse

    from trygg.fund.links import application_url_prefix, public_grant_url_prefix

    for pk in (1, 42, 123456):
        assert f"{application_url_prefix()}{pk}/" == reverse("fund:application_detail", args=[pk])
        public = reverse("fund_public:public_detail", args=[pk])
        assert f"{public_grant_url_prefix()}{pk}/" == public
