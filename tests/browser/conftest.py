"""Browser tests: real Chromium, driven by Playwright, against pytest-django's live server.

One browser per xdist worker (session scope), a fresh context per test. Tests that need
the demo accounts use the ``demo`` fixture and ``@pytest.mark.django_db(transaction=True)``,
because the live server runs in another thread and only sees committed data.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread, so Django's async-safety check
# would refuse every ORM call made by a test. The ORM is only used between browser steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from conftest import ensure_reference_data
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 15_000

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
_axe = Axe()


# --- Browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One Chromium per xdist worker (session scope is per worker process)."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


# Console messages of each open page, in order; check_page looks for CSP violations here.
_console: dict[Page, list[str]] = {}


def console_messages(page: Page) -> list[str]:
    return _console[page]


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """new_page(locale="sv-SE") -> a page in a context of its own (its own cookies)."""
    contexts = []

    def make(locale: str = "sv-SE") -> Page:
        context = browser.new_context(locale=locale, base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        messages = _console[page] = []
        page.on("console", lambda message: messages.append(f"[{message.type}] {message.text}"))
        page.on("pageerror", lambda error: messages.append(f"[pageerror] {error}"))
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            _console.pop(page, None)
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


# --- Data ------------------------------------------------------------------------------


@pytest.fixture
def reference_data(transactional_db) -> None:
    """The municipalities and districts every installation has."""
    ensure_reference_data()


@pytest.fixture
def demo(reference_data) -> None:
    """The demo organisations, accounts and fund records (seed_demo), committed.

    Seeding sends the demo applicants their status e-mails; they are cleared so that a
    test sees only the mail its own steps send.
    """
    from django.core import mail

    call_command("seed_demo", force=True, stdout=StringIO())
    if hasattr(mail, "outbox"):
        mail.outbox.clear()


@pytest.fixture
def defectors_demo(reference_data) -> None:
    """The demo accounts and the defector programme's case files, without the fund's demo
    (quicker: the defector journeys need none of it). Mail cleared as in ``demo``."""
    from django.core import mail

    call_command("seed_demo", force=True, without_fund=True, stdout=StringIO())
    if hasattr(mail, "outbox"):
        mail.outbox.clear()


# --- Helpers ---------------------------------------------------------------------------


def current_code(email: str) -> str:
    """The code the user's authenticator app shows right now."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def wrong_code(email: str) -> str:
    """A six-digit code that is certainly not accepted (outside the drift tolerance too)."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    valid = {
        f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=d):06d}" for d in range(-3, 4)
    }
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def submit(page: Page) -> None:
    """Press the form's submit button in main (the header and footer have forms too)."""
    page.locator("main form button[type=submit]").last.click()


def log_in(page: Page, live_server, email: str, password: str = DEMO_PASSWORD) -> None:
    """The real two-step login through the UI; ends on the start page."""
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    submit(page)
    page.wait_for_url("**/konto/logga-in/kod/")
    page.fill("#id_code", current_code(email))
    submit(page)
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").count() == 1


def assert_accessible(page: Page) -> None:
    """Run axe (WCAG 2.0/2.1 A and AA, plus best practice) and fail on any violation."""
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for v in violations:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
            why = " ".join((v["nodes"][0].get("failureSummary") or "").split())[:300]
            lines.append(
                f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} node(s)]"
                f"\n    at: {'; '.join(targets)}\n    {why}\n    {v['helpUrl']}"
            )
        pytest.fail("\n".join(lines), pytrace=False)


def assert_one_h1(page: Page) -> None:
    headings = page.locator("h1")
    assert headings.count() == 1, f"{page.url} has {headings.count()} <h1> elements"
    assert headings.first.inner_text().strip(), f"{page.url} has an empty <h1>"


def csp_violations(page: Page) -> list[str]:
    return [m for m in console_messages(page) if "Content Security Policy" in m]


def assert_clean_console(page: Page) -> None:
    """No CSP violation and no uncaught script error in this page's life so far."""
    problems = [m for m in console_messages(page) if m.startswith("[pageerror]")]
    problems += csp_violations(page)
    assert not problems, f"up to {page.url}:\n" + "\n".join(problems)


def assert_unique_ids(page: Page) -> None:
    """No id used twice: a label, a described-by or a skip link would find the wrong element.

    axe no longer checks this by itself (its duplicate-id rules are deprecated, and the one
    for ARIA references only asks for a review)."""
    duplicates = page.evaluate(
        """() => {
            const seen = new Map();
            for (const el of document.querySelectorAll('[id]')) {
                seen.set(el.id, (seen.get(el.id) || 0) + 1);
            }
            return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}x)`);
        }"""
    )
    assert not duplicates, f"{page.url} uses ids more than once: {', '.join(duplicates)}"


DOTTED_CODE = re.compile(
    r"\b(?:accounts|audit|core|defectors|fund|organisations|api)\.[a-z_]+\.[a-z_]+\b"
)


@functools.cache
def _choice_codes() -> frozenset[str]:
    """Every stored choice value that is a code, not a word ("in_review", "trygg_miljo")."""
    from django.apps import apps

    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and "_" in value:
                    codes.add(value)
    from trygg.fund.constants import MeasureType, ProblemBasis

    codes |= {v for v in [*MeasureType.values, *ProblemBasis.values] if "_" in v}
    return frozenset(codes)


def assert_words_not_codes(page: Page) -> None:
    """What a person reads is words: no dotted event code, no stored choice value, no empty
    "---------" option (the page's text and its options, not its URLs or attributes)."""
    text = page.locator("main").inner_text()
    assert not DOTTED_CODE.search(text), f"{page.url} shows a code: {DOTTED_CODE.search(text)[0]}"
    words = set(re.findall(r"[a-z]+(?:_[a-z]+)+", text))
    shown = sorted(words & _choice_codes())
    assert not shown, f"{page.url} shows stored values instead of words: {shown}"
    assert "---------" not in text and page.locator("option", has_text="---------").count() == 0


def assert_plain_title(page: Page) -> None:
    """The window title is words: a template that spilled markup into its title block once
    showed "Åtgärdsplaner <section …" in the tab and to screen readers."""
    title = page.title()
    assert title.strip() and "<" not in title and "{%" not in title, f"{page.url}: {title!r}"


def check_page(page: Page) -> None:
    """What every page must satisfy: a clean console, one h1, unique ids, no axe violations,
    and words rather than codes."""
    assert_clean_console(page)
    assert_one_h1(page)
    assert_plain_title(page)
    assert_unique_ids(page)
    assert_words_not_codes(page)
    assert_accessible(page)


def assert_reflows(page: Page) -> None:
    """WCAG 1.4.10: at 320 CSS px the page never scrolls sideways; a data table (two-
    dimensional content) may, but only inside its own scroll region that the keyboard can
    reach; at the page's own width nothing may, tables included."""
    size = page.viewport_size
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"{page.url} scrolls sideways by {sideways}px at {size['width']}px"
    page.set_viewport_size({"width": 320, "height": size["height"]})
    try:
        # Charts redraw for the new width on the next animation frames: let the layout settle.
        # Polled from here: wait_for_function would evaluate a string in the page, which the
        # Content Security Policy refuses (no 'unsafe-eval').
        settled = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        for _ in range(20):
            if page.evaluate(settled):
                break
            page.wait_for_timeout(100)
        page_sideways = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = page.evaluate(
            """() => [...document.querySelectorAll('*')]
                .filter((e) => e.getBoundingClientRect().right > 321)
                .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)
                .slice(0, 8)"""
        )
        loose_tables = page.evaluate(
            """() => [...document.querySelectorAll('main table')]
                .filter((t) => !t.closest('.table-scroll[tabindex="0"], .dashboard-table-scroll'))
                .map((t) => (t.caption ? t.caption.textContent.trim() : 'a table'))"""
        )
        overflowing = page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                return [...document.body.querySelectorAll('*')]
                    .filter((el) => !el.closest('.table-scroll, .dashboard-table-scroll'))
                    .filter((el) => el.getBoundingClientRect().right > width + 1)
                    .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
                        + `${el.className ? '.' + el.className : ''}: `
                        + el.textContent.trim().slice(0, 40))
                    .slice(0, 5);
            }"""
        )
    finally:
        page.set_viewport_size(size)
    assert not overflowing, f"{page.url} is wider than 320px: {overflowing}"
    assert page_sideways <= 0, f"{page.url} scrolls sideways by {page_sideways}px at 320px: {wide}"
    assert not loose_tables, f"{page.url}: tables outside a scroll region: {loose_tables}"


NUMBER = re.compile(r"/\d+(?=/)")


def page_pattern(path: str) -> str:
    """/konto/anvandare/12/ -> /konto/anvandare/<id>/ (one detail page per kind is enough)."""
    return NUMBER.sub("/<id>", path)


def same_origin_links(page: Page, live_server, scope: str) -> list[str]:
    """Paths of the GET links inside ``scope``, same origin, without query or fragment.

    Logout is a POST form, so it is never among the links. Links marked ``download`` (a
    document of a case file, a register extract) are files, not pages.
    """
    origin = urlsplit(live_server.url)
    selector = ", ".join(f"{part.strip()} a[href]:not([download])" for part in scope.split(","))
    hrefs = page.eval_on_selector_all(selector, "els => els.map(a => a.href)")
    paths = []
    for href in hrefs:
        url = urlsplit(urldefrag(href).url)
        if (url.scheme, url.netloc) != (origin.scheme, origin.netloc) or url.query:
            continue
        if url.path.startswith("/static/") or url.path in paths:
            continue
        if url.path.endswith((".csv", ".json", ".xlsx", ".pdf")):
            continue  # downloads, not pages
        paths.append(url.path)
    return paths


def walk(
    page: Page,
    live_server,
    start: str = "/",
    *,
    limit: int = 40,
    within: str = "/",
    also: Callable[[Page], None] | None = None,
) -> list[str]:
    """Visit every page reachable from ``start`` through the navigation and main content.

    Each page is checked with ``check_page`` (and ``also``, when given). Detail pages are
    visited once per kind (the first user, the first district), so a long list does not
    make the walk long. Only links under ``within`` are followed (e.g. one case's pages).
    Returns the visited paths, in order.
    """
    queue, seen_patterns, visited = [start], set(), []
    while queue:
        path = queue.pop(0)
        pattern = page_pattern(path)
        if pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, f"{path}: {response.status}"
        assert urlsplit(page.url).path == path, f"{path} redirected to {page.url}"
        check_page(page)
        if also is not None:
            also(page)
        visited.append(path)
        assert len(visited) <= limit, f"walk did not end: {visited}"
        for link in same_origin_links(page, live_server, "header nav, main, footer"):
            if link.startswith(within) and page_pattern(link) not in seen_patterns:
                queue.append(link)
    return visited
