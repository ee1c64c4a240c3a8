"""Each role's start page lists what waits for that person, with counts and direct links,
and its query count does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.demo_data import load_demo
from trygg.accounts.models import User
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.fund.constants import PaymentStatus
from trygg.fund.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(huddinge, botkyrka):
    load_demo()


@pytest.fixture
def start_page(login, demo):
    def do(email: str) -> str:
        client = login(User.objects.get(email=email), DEMO_PASSWORD)
        response = client.get("/")
        assert response.status_code == 200
        return response.content.decode()

    return do


def test_the_second_coordinator_finds_the_payment_waiting_for_them(start_page):
    page = start_page("ekonomi@huddinge.example")
    assert "Utbetalningar som väntar på ditt godkännande" in page
    assert 'href="/trygghetsfond/utbetalningar/"' in page


def test_a_coordinator_is_never_asked_to_approve_their_own_request(start_page):
    assert Payment.objects.filter(status=PaymentStatus.REQUESTED).count() == 1
    assert "Utbetalningar som väntar på ditt godkännande" not in start_page(
        "samordnare@huddinge.example"
    )


def test_the_reviewer_sees_reviews_waiting_for_scores(start_page):
    page = start_page("granskare@huddinge.example")
    assert "Granskningar som väntar på din bedömning" in page


def test_the_unit_manager_sees_roles_to_approve_and_the_case_officer_tasks(start_page):
    assert "Roller som väntar på ditt godkännande" in start_page("samordnare@huddinge.example")
    officer = start_page("handlaggare@huddinge.example")
    assert "Uppgifter som ska vara klara inom en vecka" in officer
    assert 'href="/avhopp/uppgifter/"' in officer


def test_the_log_reviewer_sees_emergency_accesses_and_unsigned_days(start_page):
    page = start_page("logggranskare@huddinge.example")
    assert "Nödåtkomster att läsa" in page
    assert "emergency=on" in page


def test_the_analyst_is_sent_to_the_statistics_not_promised_them(start_page):
    page = start_page("analytiker@sodertorn.example")
    assert 'href="/avhopp/statistik/"' in page
    assert "kommer att finnas" not in page


@pytest.mark.parametrize(
    "email",
    [
        "samordnare@huddinge.example",
        "granskare@huddinge.example",
        "sokande@huddinge.example",
        "handlaggare@huddinge.example",
        "chef@huddinge.example",
        "logggranskare@huddinge.example",
    ],
)
def test_the_start_page_query_count_does_not_grow_with_the_data(login, demo, email):
    client = login(User.objects.get(email=email), DEMO_PASSWORD)
    client.get("/")  # the first page after login also settles the session
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    _more_of_everything()
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after) == len(before), (email, len(before), len(after))
    assert len(after) <= 20, (email, len(after))


def _more_of_everything() -> None:
    """Copies of the rows each queue counts: applications, payment requests, tasks, journal
    drafts, waiting role grants and emergency accesses."""
    from tests.factories import OrganisationFactory, UserFactory
    from trygg.accounts.models import RoleGrant
    from trygg.core.roles import Role
    from trygg.defectors.models import CaseTask, EmergencyAccess, JournalEntry
    from trygg.fund.models import Application
    from trygg.organisations.models import Organisation

    for application in list(Application.objects.all()[:5]):
        application.pk = None
        application.reference = f"{application.reference}-K"
        application.save()
    for payment in list(Payment.objects.all()[:3]):
        payment.pk = None
        payment.status = PaymentStatus.REQUESTED
        payment.approved_by = None
        payment.approved_at = None
        payment.save()
    for model in (CaseTask, JournalEntry, EmergencyAccess):
        for row in list(model.objects.all()[:3]):
            row.pk = None
            row.save()
    huddinge = Organisation.objects.get(scb_code="0126")
    requester = User.objects.get(email="admin@huddinge.example")
    for _ in range(3):
        unit = OrganisationFactory(parent=huddinge)
        RoleGrant.objects.create(
            user=UserFactory(), organisation=unit, role=Role.SAMORDNARE, requested_by=requester
        )
