"""From login to each role's daily task in at most three clicks, through the work queue on the
start page: a journal entry on an assigned case, the next application to review, a payment
to approve. Every page on the way passes axe."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, log_in
from trygg.fund.constants import PaymentStatus
from trygg.fund.models import Payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_CLICKS = 3


class Clicks:
    def __init__(self, page: Page):
        self.page = page
        self.count = 0

    def link(self, name: str, scope=None) -> None:
        (scope or self.page.locator("main")).get_by_role("link", name=name).first.click()
        self.page.wait_for_load_state()
        self.count += 1
        check_page(self.page)

    def button(self, name: str) -> None:
        self.page.locator("main").get_by_role("button", name=name).first.click()
        self.page.wait_for_load_state()
        self.count += 1


def test_the_case_officer_reaches_a_journal_entry_form(demo, page, live_server):
    log_in(page, live_server, "handlaggare@huddinge.example")
    expect(page.locator(".work-queue")).to_contain_text("Uppgifter")
    clicks = Clicks(page)
    clicks.link("Avhopparverksamhet")
    clicks.link("AV-2026-0001")
    clicks.link("Journal", scope=page.locator("nav.case-sections"))
    expect(page.get_by_label("Anteckning", exact=False).first).to_be_visible()
    assert clicks.count <= MAX_CLICKS


def test_the_reviewer_reaches_the_next_application_to_review(demo, page, live_server):
    log_in(page, live_server, "granskare@huddinge.example")
    clicks = Clicks(page)
    clicks.link("Granskningar som väntar på din bedömning")
    with page.expect_navigation():
        page.locator("main table").get_by_role("link").first.click()
    clicks.count += 1
    check_page(page)
    expect(page.locator("main form")).not_to_have_count(0)
    assert "/granskning/" in page.url
    assert clicks.count <= MAX_CLICKS


def test_the_second_coordinator_approves_the_payment_waiting_for_them(demo, page, live_server):
    log_in(page, live_server, "ekonomi@huddinge.example")
    clicks = Clicks(page)
    clicks.link("Utbetalningar som väntar på ditt godkännande")
    clicks.button("Godkänn utbetalning")
    clicks.button("Ja, godkänn utbetalningen")  # asked once more: it cannot be undone
    expect(page.locator(".messages")).to_contain_text("Utbetalningen har godkänts")
    check_page(page)
    assert clicks.count <= MAX_CLICKS
    assert not Payment.objects.filter(status=PaymentStatus.REQUESTED).exists()


def test_the_unit_manager_decides_the_team_of_a_new_intake(demo, page, live_server):
    log_in(page, live_server, "chef@huddinge.example")
    clicks = Clicks(page)
    clicks.link("Nya ärenden som väntar på att du bestämmer teamet")
    clicks.link("Bestäm teamet")
    page.get_by_label("Handläggare", exact=True).select_option(label="Hugo Handläggare")
    clicks.button("Lägg till i teamet")
    expect(page.locator(".messages")).to_contain_text("Handläggaren har lagts till i teamet")
    check_page(page)
    assert clicks.count <= MAX_CLICKS
