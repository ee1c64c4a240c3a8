"""Decision letters, list and payment exports, and the printable application."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests.factories import delegation_point, make_application, make_call, make_fund_year
from trygg.core.roles import Role
from trygg.fund.constants import ApplicationStatus, DecisionOutcome, PaymentStatus
from trygg.fund.decisions import services as decision_services
from trygg.fund.decisions.letters import render_decision_letter_html
from trygg.fund.models import Payment
from trygg.fund.review import services as review_services
from trygg.organisations.models import Organisation

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
EXPORT_HEADER = [
    "diarienummer",
    "titel",
    "sökande",
    "områden",
    "kategori",
    "åtgärdstyper",
    "status",
    "sökt belopp",
    "beviljat",
    "utbetalt",
    "inskickad",
]
PAYMENT_HEADER = [
    "utbetalnings-id",
    "diarienummer",
    "mottagare",
    "belopp",
    "godkänd datum",
    "begärd av",
    "godkänd av",
]


def _decide(act, coordinator, application, outcome=DecisionOutcome.GRANTED, amount=None):
    return decision_services.decision_record(
        actor=act(coordinator),
        application=application,
        outcome=outcome,
        amount_kr=amount,
        reasons="Väl underbyggd ansökan.",
        delegation=delegation_point(application.municipality),
    )


@pytest.fixture
def decided(act, coordinator, call, kultur, applicant):
    application = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=1_250_000
    )
    _decide(act, coordinator, application)
    application.refresh_from_db()
    return application


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def _xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


# --- Decision letter --------------------------------------------------------------------


def test_decision_creates_a_swedish_letter_with_reference_and_amount(decided, coordinator):
    decision = decided.decision
    assert decision.letter.name.endswith(".pdf")
    assert f"beslut-{decided.reference}" in decision.letter.name
    with decision.letter.open("rb") as letter:
        assert letter.read(5) == b"%PDF-"
    # The letter is Swedish even for a coordinator who uses the site in English.
    with translation.override("en"):
        html = render_decision_letter_html(decision)
    assert decided.reference in html
    assert f"1{NBSP}250{NBSP}000{NBSP}kr" in html
    for text in (
        "Huddinge kommun",
        "Kultur- och fritidsnämnden",
        decided.title,
        "Beviljad",
        "Väl underbyggd ansökan.",
        "4.2 Beslut om bidrag ur trygghetsfonden (Trygghetssamordnare)",
        "dagen då det tillkännages",
        coordinator.full_name,
        "laglighetsprövning enligt 13 kap. kommunallagen",
        "inom tre veckor",
        "anslagstavla",
    ):
        assert text in html, text


@pytest.mark.parametrize(
    ("outcome", "amount", "wording", "amount_text"),
    [
        (DecisionOutcome.PARTLY_GRANTED, 400_000, "Delvis beviljad", f"400{NBSP}000{NBSP}kr"),
        (DecisionOutcome.REJECTED, None, "Avslag", f"1{NBSP}250{NBSP}000{NBSP}kr"),
    ],
)
def test_letter_states_the_outcome(
    act, coordinator, call, kultur, applicant, outcome, amount, wording, amount_text
):
    application = make_application(
        call, kultur, applicant, status=ApplicationStatus.IN_REVIEW, requested_kr=1_250_000
    )
    decision = _decide(act, coordinator, application, outcome, amount)
    html = render_decision_letter_html(decision)
    assert wording in html and amount_text in html
    assert decision.letter


def test_letter_user_text_is_escaped(act, coordinator, call, kultur, applicant):
    application = make_application(
        call,
        kultur,
        applicant,
        status=ApplicationStatus.IN_REVIEW,
        title='<img src="http://example.com/x.png">',
    )
    decision = _decide(act, coordinator, application)
    html = render_decision_letter_html(decision)
    assert "<img" not in html and "&lt;img" in html


@pytest.mark.parametrize("who", ["coordinator", "applicant"])
def test_letter_download_for_coordinator_and_applicant(request, login, client, decided, who):
    login(request.getfixturevalue(who))
    response = client.get(f"/trygghetsfond/ansokan/{decided.pk}/beslutsbrev.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="beslut-{decided.reference}.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_letter_is_404_for_another_organisations_applicant(
    login, client, make_user, bolag, decided
):
    login(make_user(Role.SOKANDE, bolag, with_device=False))
    assert client.get(f"/trygghetsfond/ansokan/{decided.pk}/beslutsbrev.pdf").status_code == 404


def test_letter_is_404_for_another_municipalitys_coordinator(
    login, client, make_user, botkyrka, decided
):
    login(make_user(Role.SAMORDNARE, botkyrka))
    assert client.get(f"/trygghetsfond/ansokan/{decided.pk}/beslutsbrev.pdf").status_code == 404


def test_letter_is_refused_to_a_reviewer(login, client, act, coordinator, reviewer, decided):
    from trygg.fund.models import ReviewAssignment

    ReviewAssignment.objects.create(
        application=decided, reviewer=reviewer, assigned_by=coordinator, has_conflict=False
    )
    login(reviewer)
    assert client.get(f"/trygghetsfond/ansokan/{decided.pk}/beslutsbrev.pdf").status_code == 403


def test_letter_is_404_before_the_decision(login, client, coordinator, call, kultur, applicant):
    application = make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW)
    login(coordinator)
    response = client.get(f"/trygghetsfond/ansokan/{application.pk}/beslutsbrev.pdf")
    assert response.status_code == 404


def test_application_page_links_to_the_letter_and_the_print_view(login, client, applicant, decided):
    login(applicant)
    page = client.get(f"/trygghetsfond/ansokan/{decided.pk}/").content.decode()
    assert f"/trygghetsfond/ansokan/{decided.pk}/beslutsbrev.pdf" in page
    assert f"/trygghetsfond/ansokan/{decided.pk}/utskrift/" in page


# --- Exports of the application list ----------------------------------------------------


@pytest.fixture
def mixed(call, kultur, bolag, applicant):
    """Applications of two organisations in several statuses and categories."""
    return {
        "draft": make_application(call, kultur, applicant, title="Utkast"),
        "social": make_application(
            call, kultur, applicant, status=ApplicationStatus.SUBMITTED, title="Social åtgärd"
        ),
        "situational": make_application(
            call,
            kultur,
            applicant,
            status=ApplicationStatus.SUBMITTED,
            category="situational",
            title="Belysning",
            requested_kr=80_000,
        ),
        "in_review": make_application(
            call, bolag, applicant, status=ApplicationStatus.IN_REVIEW, title="Bolagets åtgärd"
        ),
    }


def test_csv_export_has_bom_semicolons_and_exactly_the_filtered_rows(
    login, client, coordinator, mixed
):
    login(coordinator)
    response = client.get("/trygghetsfond/export.csv?status=submitted")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="trygghetsfond-ansokningar-'
    )
    rows = _csv_rows(response)
    assert rows[0] == EXPORT_HEADER
    assert sorted(row[1] for row in rows[1:]) == ["Belysning", "Social åtgärd"]
    belysning = next(row for row in rows if row[1] == "Belysning")
    assert belysning[7] == "80000"  # a plain number Excel can sum
    assert belysning[2] == "Kultur- och fritidsnämnden"


def test_csv_export_without_filter_is_the_coordinators_whole_list(
    login, client, coordinator, mixed
):
    login(coordinator)
    rows = _csv_rows(client.get("/trygghetsfond/export.csv"))
    # Drafts stay with the applicant, as on the index page.
    assert sorted(row[1] for row in rows[1:]) == ["Belysning", "Bolagets åtgärd", "Social åtgärd"]


def test_xlsx_export_has_exactly_the_filtered_rows_with_numbers_as_numbers(
    login, client, coordinator, mixed
):
    login(coordinator)
    response = client.get("/trygghetsfond/export.xlsx?category=situational")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = _xlsx_sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_HEADER
    assert all(cell.font.b for cell in sheet[1])
    assert [row[1] for row in rows[1:]] == ["Belysning"]
    requested, granted, paid = rows[1][7:10]
    assert (requested, granted, paid) == (80_000, 0, 0)
    assert isinstance(requested, int)
    assert sheet.column_dimensions["B"].width > 10


def test_applicant_exports_only_their_own_organisation(login, client, applicant, mixed):
    login(applicant)
    rows = _csv_rows(client.get("/trygghetsfond/export.csv"))
    assert sorted(row[1] for row in rows[1:]) == ["Belysning", "Social åtgärd", "Utkast"]
    sheet = _xlsx_sheet(client.get("/trygghetsfond/export.xlsx?status=draft"))
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Utkast"]


def test_another_municipalitys_coordinator_exports_nothing_of_ours(
    login, client, make_user, botkyrka, mixed
):
    login(make_user(Role.SAMORDNARE, botkyrka))
    assert _csv_rows(client.get("/trygghetsfond/export.csv")) == [EXPORT_HEADER]


def test_reviewer_cannot_export_the_list(login, client, reviewer, mixed):
    login(reviewer)
    assert client.get("/trygghetsfond/export.csv").status_code == 403
    assert client.get("/trygghetsfond/export.xlsx").status_code == 403


def test_exports_never_turn_text_into_formulas(login, client, coordinator, call, kultur, applicant):
    make_application(
        call,
        kultur,
        applicant,
        status=ApplicationStatus.SUBMITTED,
        title='=HYPERLINK("http://evil.example","klicka")',
    )
    login(coordinator)
    rows = _csv_rows(client.get("/trygghetsfond/export.csv"))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","klicka")'
    sheet = _xlsx_sheet(client.get("/trygghetsfond/export.xlsx"))
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value.startswith("=HYPERLINK")


def test_index_links_to_the_exports_with_the_current_filters(login, client, coordinator, mixed):
    login(coordinator)
    page = client.get("/trygghetsfond/?status=submitted&category=social").content.decode()
    assert "/trygghetsfond/export.csv?status=submitted&amp;category=social" in page
    assert "/trygghetsfond/export.xlsx?status=submitted&amp;category=social" in page
    assert "/trygghetsfond/utbetalningar.csv" in page


@pytest.mark.parametrize("path", ["/trygghetsfond/export.csv", "/trygghetsfond/export.xlsx"])
def test_list_export_query_count_does_not_grow(
    login, client, coordinator, call, kultur, applicant, path
):
    login(coordinator)

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            assert response.status_code == 200
            b"".join(response)  # a streamed body is read only now
        return len(captured.captured_queries)

    make_application(call, kultur, applicant, status=ApplicationStatus.SUBMITTED)
    count()
    few = count()
    for _ in range(25):
        make_application(call, kultur, applicant, status=ApplicationStatus.SUBMITTED)
    assert count() == few


# --- Payments export --------------------------------------------------------------------


def _payment(application, requested_by, approved_by=None, amount_kr=10_000):
    approved = approved_by is not None
    return Payment.objects.create(
        application=application,
        amount_kr=amount_kr,
        requested_by=requested_by,
        status=PaymentStatus.APPROVED if approved else PaymentStatus.REQUESTED,
        approved_by=approved_by,
        approved_at=timezone.now() if approved else None,
    )


@pytest.fixture
def payments(make_user, botkyrka, call, kultur, applicant, coordinator, coordinator2):
    granted = make_application(
        call,
        kultur,
        applicant,
        status=ApplicationStatus.GRANTED,
        granted_kr=100_000,
        title="Beviljad",
    )
    approved = _payment(granted, coordinator, coordinator2, amount_kr=30_000)
    pending = _payment(granted, coordinator, amount_kr=20_000)
    # The same in another municipality: never in Huddinge's export.
    other_org = Organisation.objects.create(
        kind="namnd", name="Botkyrka nämnd", parent=botkyrka, municipality=botkyrka
    )
    other_call = make_call(make_fund_year(botkyrka), eligible=[other_org])
    other_user = make_user(Role.SAMORDNARE, other_org)
    other_approver = make_user(Role.SAMORDNARE, other_org)
    other = make_application(
        other_call,
        other_org,
        other_user,
        status=ApplicationStatus.GRANTED,
        granted_kr=50_000,
    )
    foreign = _payment(other, other_user, other_approver)
    return {"approved": approved, "pending": pending, "foreign": foreign}


def test_payments_csv_lists_only_approved_payments_of_the_municipality(
    login, client, coordinator, coordinator2, payments
):
    login(coordinator)
    response = client.get("/trygghetsfond/utbetalningar.csv")
    assert response.status_code == 200
    rows = _csv_rows(response)
    approved = payments["approved"]
    assert rows[0] == PAYMENT_HEADER
    assert rows[1:] == [
        [
            str(approved.pk),
            approved.application.reference,
            "Kultur- och fritidsnämnden",
            "30000",
            timezone.localdate(approved.approved_at).isoformat(),
            str(coordinator),
            str(coordinator2),
        ]
    ]


def test_payments_xlsx_lists_only_approved_payments_of_the_municipality(
    login, client, coordinator, payments
):
    login(coordinator)
    sheet = _xlsx_sheet(client.get("/trygghetsfond/utbetalningar.xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == PAYMENT_HEADER
    assert len(rows) == 2
    assert rows[1][0] == payments["approved"].pk and rows[1][3] == 30_000


@pytest.mark.parametrize("who", ["applicant", "reviewer"])
def test_payments_export_is_for_coordinators_only(request, login, client, payments, who):
    login(request.getfixturevalue(who))
    assert client.get("/trygghetsfond/utbetalningar.csv").status_code == 403
    assert client.get("/trygghetsfond/utbetalningar.xlsx").status_code == 403


def test_payments_export_query_count_does_not_grow(
    login, client, coordinator, coordinator2, call, kultur, applicant
):
    granted = make_application(
        call, kultur, applicant, status=ApplicationStatus.GRANTED, granted_kr=1_000_000
    )
    login(coordinator)

    def count():
        with CaptureQueriesContext(connection) as captured:
            b"".join(client.get("/trygghetsfond/utbetalningar.csv").streaming_content)
        return len(captured.captured_queries)

    _payment(granted, coordinator, coordinator2)
    count()
    few = count()
    for _ in range(20):
        _payment(granted, coordinator, coordinator2)
    assert count() == few


# --- Printable application --------------------------------------------------------------


def test_print_view_shows_application_decision_and_payments(
    login, client, applicant, coordinator, coordinator2, decided
):
    _payment(decided, coordinator, coordinator2, amount_kr=250_000)
    login(applicant)
    response = client.get(f"/trygghetsfond/ansokan/{decided.pk}/utskrift/")
    assert response.status_code == 200
    page = response.content.decode()
    assert decided.title in page and decided.reference in page
    assert "Väl underbyggd ansökan." in page  # the decision's reasons
    assert f"250{NBSP}000{NBSP}kr" in page  # the payment
    assert "Västar och lampor" in page  # a budget line from the application body
    assert "fund-print.css" in page


def test_print_view_is_404_outside_the_actors_scope(
    login, client, make_user, bolag, botkyrka, decided
):
    login(make_user(Role.SOKANDE, bolag, with_device=False))
    assert client.get(f"/trygghetsfond/ansokan/{decided.pk}/utskrift/").status_code == 404


def test_print_view_sends_an_undeclared_reviewer_to_the_declaration(
    login, client, act, coordinator, reviewer, call, kultur, applicant
):
    application = make_application(call, kultur, applicant, status=ApplicationStatus.IN_REVIEW)
    assignment = review_services.reviewer_assign(
        actor=act(coordinator), application=application, reviewer=reviewer
    )
    login(reviewer)
    response = client.get(f"/trygghetsfond/ansokan/{application.pk}/utskrift/")
    assert response.status_code == 302
    assert response["Location"] == f"/trygghetsfond/granskning/{assignment.pk}/"


# --- Anonymous ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/trygghetsfond/ansokan/1/beslutsbrev.pdf",
        "/trygghetsfond/ansokan/1/utskrift/",
        "/trygghetsfond/export.csv",
        "/trygghetsfond/export.xlsx",
        "/trygghetsfond/utbetalningar.csv",
        "/trygghetsfond/utbetalningar.xlsx",
    ],
)
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=")
