"""Journeys through the real UI: keyboard only, user administration, the access log,
the role switcher, a wrong code, and the Content Security Policy."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    check_page,
    console_messages,
    csp_violations,
    current_code,
    log_in,
    submit,
    wrong_code,
)
from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from trygg.accounts.models import Membership, User
from trygg.core.roles import Role
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN = "admin@huddinge.example"
LOG_REVIEWER = "logggranskare@huddinge.example"
CASE_OFFICER = "handlaggare@huddinge.example"


def focused(page: Page) -> dict:
    """The focused element: its tag, id, classes and whether it sits inside <main>."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
                    inMain: !!el.closest('main'), text: el.textContent.trim()};
        }"""
    )


def tab_to(page: Page, selector: str, *, most: int = 10) -> None:
    """Press Tab until ``selector`` has focus (zero presses if it has it already)."""
    for _ in range(most):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got focus; focus is on {focused(page)}")


def assert_skip_link_is_first_and_works(page: Page) -> None:
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "a" and "ds-skip-link" in first["cls"], first
    box = page.locator(".ds-skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"focused skip link is off screen: {box}"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'main'")
    page.keyboard.press("Tab")
    assert focused(page)["inMain"], f"Tab after the skip link left <main>: {focused(page)}"


# --- (a) keyboard only -----------------------------------------------------------------


def test_first_tab_on_the_login_page_focuses_the_skip_link(page, live_server):
    page.goto(f"{live_server.url}/konto/logga-in/")
    assert_skip_link_is_first_and_works(page)


def test_skip_link_on_a_public_page(page, live_server):
    page.goto(f"{live_server.url}/tillganglighet/")
    assert_skip_link_is_first_and_works(page)


def test_whole_login_with_the_keyboard_only(demo, page, live_server):
    page.goto(f"{live_server.url}/konto/logga-in/")
    tab_to(page, "#id_username")
    page.keyboard.type(CASE_OFFICER)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/konto/logga-in/kod/")

    tab_to(page, "#id_code")
    page.keyboard.type(current_code(CASE_OFFICER))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text("Hanna Handläggare")

    # Logged in, with the navigation in the header: the skip link is what jumps past it.
    assert_skip_link_is_first_and_works(page)


# --- (c) user administration -----------------------------------------------------------


def role_rows(page: Page):
    return page.locator("main table tbody tr")


def test_admin_creates_a_user_and_adds_and_removes_a_role(demo, page, live_server, mailoutbox):
    log_in(page, live_server, ADMIN)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Användare").click()
    page.get_by_role("link", name="Lägg till användare").click()
    page.wait_for_url("**/konto/anvandare/ny/")

    page.get_by_label("Namn", exact=True).fill("Greta Granskare")
    page.get_by_label("E-postadress", exact=True).fill("greta.granskare@huddinge.example")
    page.get_by_label("Organisation", exact=True).select_option(label="Kommunstyrelsen")
    page.get_by_label("Roll", exact=True).select_option(label="Granskare")
    page.get_by_role("button", name="Skapa användare").click()

    page.wait_for_url("**/konto/anvandare/*/")
    expect(page.locator(".messages")).to_contain_text(
        "Användaren har skapats och en inbjudan har skickats."
    )
    expect(page.locator("h1")).to_have_text("Greta Granskare")
    expect(role_rows(page)).to_have_count(1)
    expect(role_rows(page).first).to_contain_text("Granskare")
    expect(role_rows(page).first).to_contain_text("Kommunstyrelsen")
    check_page(page)  # the detail page with a success message
    assert [m.to for m in mailoutbox] == [["greta.granskare@huddinge.example"]]

    page.get_by_label("Organisation", exact=True).select_option(label="Kultur- och fritidsnämnden")
    page.get_by_label("Roll", exact=True).select_option(label="Sökande")
    page.get_by_role("button", name="Lägg till roll").click()
    expect(page.locator(".messages")).to_contain_text("Rollen har lagts till.")
    expect(role_rows(page)).to_have_count(2)

    second = role_rows(page).filter(has_text="Sökande")
    second.get_by_role("button", name="Ta bort").click()
    expect(page.locator(".messages")).to_contain_text("Rollen har tagits bort.")
    expect(role_rows(page)).to_have_count(1)
    expect(role_rows(page).first).to_contain_text("Granskare")

    user = User.objects.get(email="greta.granskare@huddinge.example")
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        Role.GRANSKARE
    ]


# --- (d) the access log ----------------------------------------------------------------


def test_log_reviewer_sees_the_admins_login(demo, new_page, live_server):
    admin_page = new_page()
    log_in(admin_page, live_server, ADMIN)

    page = new_page()
    log_in(page, live_server, LOG_REVIEWER)
    page.get_by_role("link", name="Åtkomstlogg").first.click()
    page.wait_for_url("**/logg/")
    page.locator("#id_action").select_option(label="Inloggningar")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url("**/logg/?*action=accounts.login*")

    rows = page.locator("main table tbody tr")
    actions = rows.locator("td:nth-child(2)").all_inner_texts()
    words = {
        "Loggade in",
        "Misslyckad inloggning",
        "Inloggningen låstes efter för många misslyckade försök",
    }
    assert actions and set(actions) <= words, actions  # words, never the event code
    expect(rows.filter(has_text="Loggade in").filter(has_text="Alva Admin")).to_have_count(1)
    # Finding her by e-mail shows only her events; the URL carries her id, not her address.
    page.get_by_label("Hitta en användare").fill(ADMIN)
    page.get_by_role("button", name="Hitta").click()
    page.wait_for_url(f"**/logg/?actor={User.objects.get(email=ADMIN).pk}")
    assert ADMIN not in page.url
    expect(page.locator("main")).to_contain_text("Visar händelserna för Alva Admin")
    names = page.locator("main table tbody tr td:nth-child(3)").all_inner_texts()
    assert names and set(names) == {"Alva Admin"}, names
    check_page(page)


# --- (e) the role switcher -------------------------------------------------------------


def test_switching_role_changes_the_navigation(reference_data, page, live_server):
    huddinge = Organisation.objects.get(scb_code="0126")
    user = UserFactory(email="tva.roller@huddinge.example", full_name="Tove Tvåroll")
    MembershipFactory(user=user, organisation=huddinge, role=Role.LOGGGRANSKARE)
    MembershipFactory(user=user, organisation=huddinge, role=Role.SYSTEMADMINISTRATOR)
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)

    log_in(page, live_server, user.email, password=TEST_PASSWORD)
    nav = page.get_by_role("navigation", name="Huvudmeny")
    # Memberships are ordered by organisation and role: the log reviewer role comes first.
    expect(nav.get_by_role("link", name="Åtkomstlogg")).to_be_visible()
    expect(nav.get_by_role("link", name="Användare")).to_have_count(0)
    check_page(page)  # the header with the role switcher

    page.get_by_label("Agerar som", exact=True).select_option(
        label="Systemadministratör, Huddinge kommun"
    )
    page.get_by_role("button", name="Byt").click()
    expect(page.locator(".messages")).to_contain_text("Systemadministratör, Huddinge kommun")
    expect(nav.get_by_role("link", name="Användare")).to_be_visible()
    expect(nav.get_by_role("link", name="Organisationer")).to_be_visible()
    expect(nav.get_by_role("link", name="Åtkomstlogg")).to_have_count(0)
    expect(page.get_by_label("Agerar som", exact=True)).to_have_value(
        str(user.memberships.get(role=Role.SYSTEMADMINISTRATOR).pk)
    )
    check_page(page)

    # The switch holds for the following requests, and the old role's pages are closed.
    page.goto(f"{live_server.url}/konto/anvandare/")
    expect(page.locator("h1")).to_have_text("Användare")
    assert page.goto(f"{live_server.url}/logg/").status == 403


# --- (f) a wrong code ------------------------------------------------------------------


def test_wrong_code_shows_the_error_summary_and_the_message_at_the_field(demo, page, live_server):
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", CASE_OFFICER)
    page.fill("#id_password", DEMO_PASSWORD)
    submit(page)
    page.wait_for_url("**/konto/logga-in/kod/")
    page.fill("#id_code", wrong_code(CASE_OFFICER))
    submit(page)

    message = "Koden är fel eller har slutat gälla. Försök med nästa kod."
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # static/js/trygg.js moves focus there after a failed submit
    expect(summary.get_by_role("heading")).to_have_text("Rätta till följande")
    expect(summary.get_by_role("link")).to_have_text(f"Kod: {message}")
    expect(page.locator("#id_code_error")).to_have_text(message)
    code = page.locator("#id_code")
    expect(code).to_have_attribute("aria-invalid", "true")
    assert "id_code_error" in code.get_attribute("aria-describedby").split()
    assert page.url.endswith("/konto/logga-in/kod/")
    check_page(page)

    summary.get_by_role("link").click()  # the summary's link takes you to the field
    expect(code).to_be_focused()


# --- (g) the Content Security Policy ---------------------------------------------------


def test_no_content_security_policy_violations(demo, page, live_server):
    """No page breaks its own policy: htmx, the design system and our CSS all comply.

    (check_page also asserts this on every page the other browser tests visit.)
    """
    response = page.goto(f"{live_server.url}/konto/logga-in/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy

    log_in(page, live_server, ADMIN)
    for path in ("/", "/konto/anvandare/", "/konto/anvandare/ny/", "/organisationer/omraden/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    assert csp_violations(page) == [], console_messages(page)

    # The listener does see a violation when there is one: an inline script is refused.
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.head.appendChild(script);
        }"""
    )
    for _ in range(20):  # the console event arrives asynchronously
        if csp_violations(page):
            break
        page.wait_for_timeout(100)
    assert csp_violations(page), console_messages(page)
    assert page.evaluate("window.injected === undefined")


def test_moving_the_authenticator_asks_for_password_and_code_first(demo, page, live_server):
    """The confirmation page and the enrolment page, with a recovery code as the factor."""
    from trygg.accounts.models import User
    from trygg.accounts.services import recovery_codes_regenerate

    email = "samordnare@huddinge.example"
    log_in(page, live_server, email)
    code = recovery_codes_regenerate(user=User.objects.get(email=email))[0]
    page.goto(f"{live_server.url}/konto/sakerhet/")
    page.locator("a[href*='/konto/bekrafta/']").click()
    page.wait_for_url("**/konto/bekrafta/**")
    check_page(page)
    page.fill("#id_password", "Trygg-demo-2026")
    page.fill("#id_code", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/konto/tvastegsverifiering/aktivera/")
    check_page(page)
