"""A second coordinator finds every payment waiting for approval on one page and approves
it there; their own requests wait for someone else."""

import pytest

from tests.demo_data import load_demo
from trygg.accounts.models import User
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.fund.constants import PaymentStatus
from trygg.fund.models import Payment

pytestmark = pytest.mark.django_db

URL = "/trygghetsfond/utbetalningar/"


@pytest.fixture
def demo(huddinge, botkyrka):
    load_demo()


def as_demo(login, email):
    return login(User.objects.get(email=email), DEMO_PASSWORD)


def test_the_second_coordinator_approves_from_the_list(login, demo):
    waiting = Payment.objects.get(status=PaymentStatus.REQUESTED)
    client = as_demo(login, "ekonomi@huddinge.example")
    page = client.get(URL).content.decode()
    assert waiting.application.title in page
    assert "175\u00a0000\u00a0kr" in page
    url = f"/trygghetsfond/utbetalning/{waiting.pk}/godkann/"
    asked = client.post(url, {"back": "payments"})
    # Irreversible: asked once more, without JavaScript; nothing happens yet.
    assert asked.status_code == 200
    assert "Godkänna utbetalningen?" in asked.content.decode()
    assert 'name="back" value="payments"' in asked.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == PaymentStatus.REQUESTED
    response = client.post(url, {"back": "payments", "confirmed": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "Utbetalningen har godkänts" in response.content.decode()
    assert "Ingen utbetalning väntar på godkännande." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == PaymentStatus.APPROVED


def test_the_requester_sees_their_request_but_no_approve_button(login, demo):
    waiting = Payment.objects.get(status=PaymentStatus.REQUESTED)
    page = as_demo(login, "samordnare@huddinge.example").get(URL).content.decode()
    assert waiting.application.title in page
    assert "Din egen begäran" in page
    assert f"/utbetalning/{waiting.pk}/godkann/" not in page


@pytest.mark.parametrize(
    "email", ["granskare@huddinge.example", "sokande@huddinge.example", "admin@huddinge.example"]
)
def test_others_are_refused(login, demo, email):
    assert as_demo(login, email).get(URL).status_code == 403
