"""Every page every demo role can reach, and the public and error pages, pass axe.

WCAG 2.0/2.1 A and AA plus axe's best practices, in real Chromium. Each page must also
have exactly one <h1>. Error states (forms with validation errors, 403, 404) count as pages.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, log_in, page_pattern, submit, walk
from trygg.core.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN = "admin@huddinge.example"
LOG_REVIEWER = "logggranskare@huddinge.example"
CASE_OFFICER = "handlaggare@huddinge.example"

EVERYONE = {
    "/",
    "/konto/sakerhet/",
    "/konto/losenord/",
    "/konto/tvastegsverifiering/reservkoder/",
    "/tillganglighet/",
    "/trygghetsfonden/",
}
ADMIN_ONLY = {
    "/konto/anvandare/",
    "/konto/anvandare/ny/",
    "/konto/anvandare/<id>/",
    "/organisationer/",
    "/organisationer/omraden/",
    "/organisationer/omraden/<id>/",
}
LOG_REVIEWER_ONLY = {"/logg/"}
FUND = {"/trygghetsfond/"}
FUND_BY_ROLE = {
    # Through the links: the fund's start page and an application (the coordinators, the
    # applicants) or the review page (the reviewer). Forms are covered by the journeys.
    "samordnare@huddinge.example": FUND | {"/trygghetsfond/ansokan/<id>/"},
    "ekonomi@huddinge.example": FUND | {"/trygghetsfond/ansokan/<id>/"},
    "sokande@huddinge.example": FUND | {"/trygghetsfond/ansokan/<id>/"},
    "bolag@huddinge.example": FUND | {"/trygghetsfond/ansokan/<id>/"},
    "granskare@huddinge.example": FUND | {"/trygghetsfond/granskning/<id>/"},
}
DEFECTORS = {"/avhopp/", "/avhopp/ny/"}
CASE_PAGE = "/avhopp/arende/<id>/"
DEFECTORS_BY_ROLE = {
    # The list links only to cases the user may open: the case officers' own cases. The unit
    # manager is on no demo team, and a colleague not on a team has no case in the list.
    CASE_OFFICER: (DEFECTORS | {CASE_PAGE}, set()),
    "handlaggare2@huddinge.example": (DEFECTORS, {CASE_PAGE}),
    "chef@huddinge.example": (DEFECTORS, {CASE_PAGE}),
    "handlaggare@botkyrka.example": (DEFECTORS | {CASE_PAGE}, set()),
}


def expected_pages(email: str) -> tuple[set[str], set[str]]:
    """(pages the role must reach through its links, pages it must not be shown)."""
    no_defectors = DEFECTORS | {CASE_PAGE}
    if email == ADMIN:
        return EVERYONE | ADMIN_ONLY, LOG_REVIEWER_ONLY | FUND | no_defectors
    if email == LOG_REVIEWER:
        return EVERYONE | LOG_REVIEWER_ONLY, ADMIN_ONLY | FUND | no_defectors
    if email in FUND_BY_ROLE:
        return EVERYONE | FUND_BY_ROLE[email], ADMIN_ONLY | LOG_REVIEWER_ONLY | no_defectors
    if email in DEFECTORS_BY_ROLE:
        must, must_not = DEFECTORS_BY_ROLE[email]
        return EVERYONE | must, ADMIN_ONLY | LOG_REVIEWER_ONLY | FUND | must_not
    return EVERYONE, ADMIN_ONLY | LOG_REVIEWER_ONLY | FUND | no_defectors


@pytest.mark.parametrize("email", [account[0] for account in DEMO_ACCOUNTS])
def test_every_page_of_the_role_passes_axe(demo, page, live_server, email):
    log_in(page, live_server, email)
    visited = {page_pattern(path) for path in walk(page, live_server)}
    must, must_not = expected_pages(email)
    assert must <= visited, f"not reached through the links: {sorted(must - visited)}"
    assert not (must_not & visited), f"links this role should not see: {must_not & visited}"


def test_public_pages_and_login_errors(page, live_server):
    for path in ("/konto/logga-in/", "/tillganglighet/", "/konto/glomt-losenord/"):
        page.goto(f"{live_server.url}{path}")
        check_page(page)

    page.goto(f"{live_server.url}/konto/logga-in/")
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()  # announced by screen readers
    assert page.locator("#id_username").get_attribute("aria-invalid") == "true"
    check_page(page)

    page.goto(f"{live_server.url}/konto/glomt-losenord/")
    submit(page)
    page.wait_for_selector(".ds-error-summary")
    check_page(page)

    response = page.goto(f"{live_server.url}/finns-inte/")
    assert response.status == 404
    check_page(page)


def test_verify_step_password_reset_and_sent_pages(demo, page, live_server, mailoutbox):
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", CASE_OFFICER)
    page.fill("#id_password", DEMO_PASSWORD)
    submit(page)
    page.wait_for_url("**/konto/logga-in/kod/")
    check_page(page)

    page.goto(f"{live_server.url}/konto/glomt-losenord/")
    page.fill("#id_email", CASE_OFFICER)
    submit(page)
    page.wait_for_url("**/konto/glomt-losenord/skickat/")
    check_page(page)

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/konto/nytt-losenord/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.wait_for_selector("main form")
    check_page(page)
    submit(page)  # empty: both password fields are required
    page.wait_for_selector(".ds-error-summary")
    check_page(page)


def test_forbidden_and_not_found_pages_when_logged_in(demo, page, live_server):
    log_in(page, live_server, CASE_OFFICER)
    response = page.goto(f"{live_server.url}/konto/anvandare/")
    assert response.status == 403
    check_page(page)
    response = page.goto(f"{live_server.url}/konto/anvandare/999999/finns-inte/")
    assert response.status == 404
    check_page(page)


def test_forms_with_errors_as_admin(demo, page, live_server):
    log_in(page, live_server, ADMIN)
    page.goto(f"{live_server.url}/konto/anvandare/ny/")
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()
    # All four fields are required; no role is preselected, so the role is missing too.
    for field in ("full_name", "email", "organisation", "role"):
        expect(page.locator(f"#id_{field}_error")).to_be_visible()
    check_page(page)

    page.goto(f"{live_server.url}/konto/losenord/")
    submit(page)
    page.wait_for_selector(".ds-error-summary")
    check_page(page)


def test_english_interface(new_page, live_server):
    # Swedish whatever the browser asks for; English only when chosen with the switch.
    page = new_page(locale="en-GB")
    page.goto(f"{live_server.url}/konto/logga-in/")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.locator("footer").get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.locator("h1").inner_text() == "Log in to Trygg"
    assert page.locator("main form button[type=submit]").inner_text() == "Continue"
    check_page(page)
