"""Every page every demo role can reach, and the public and error pages, pass axe.

WCAG 2.0/2.1 A and AA plus axe's best practices, in real Chromium. Each page must also
have exactly one <h1>. Error states (forms with validation errors, 403, 404) count as pages.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_reflows,
    check_page,
    log_in,
    page_pattern,
    submit,
    walk,
)
from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.core.fields import blind_lookup
from trygg.defectors.emergency.services import emergency_access_grant
from trygg.defectors.identity import normalise_identity_number
from trygg.defectors.models import Case, Intervention, JournalEntry, Person
from trygg.demo.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_PASSWORD

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
    "/personuppgifter/",
    "/trygghetsfonden/",
    "/trygghetsfonden/<id>/",
    "/trygghetsplan/",
    "/trygghetsplan/<id>/",
}
ADMIN_ONLY = {
    "/konto/anvandare/",
    "/konto/anvandare/ny/",
    "/konto/anvandare/<id>/",
    "/organisationer/",
    "/organisationer/omraden/",
    "/organisationer/omraden/<id>/",
    "/organisationer/gemensamma-enheter/",
    "/trygghetsfond/delegation/ny/",
    "/trygghetsfond/delegation/<id>/",
    "/trygghetsfond/delegation/overklagande/",
}
LOG_REVIEWER_ONLY = {"/logg/", "/logg/volym/", "/logg/uppfoljning/"}
ROLE_GRANTS = {"/konto/behorigheter/"}  # those who approve sensitive roles
FUND = {"/trygghetsfond/"}
# The coordinators' set-up: fund years with their ledger, the delegation list and its report.
FUND_SETUP = {
    "/trygghetsfond/installningar/",
    "/trygghetsfond/installningar/fondar/<id>/ekonomi/",
    "/trygghetsfond/delegation/",
    "/trygghetsfond/delegationsbeslut/",
    "/trygghetsfond/ekonomi/mottagare/",
    "/trygghetsfond/ekonomi/mottagare/<id>/",
    "/trygghetsfond/ekonomi/filformat/",
    "/trygghetsfond/ekonomi/filformat/<id>/",
    "/trygghetsfond/ekonomi/filformat/ny/",
}
FUND_BY_ROLE = {
    # Through the links: the fund's start page and an application (the coordinators, the
    # applicants) or the review page (the reviewer). Forms are covered by the journeys.
    "samordnare@huddinge.example": FUND
    | FUND_SETUP
    | ROLE_GRANTS
    | {"/trygghetsfond/ansokan/<id>/"},
    "ekonomi@huddinge.example": FUND | FUND_SETUP | ROLE_GRANTS | {"/trygghetsfond/ansokan/<id>/"},
    "sokande@huddinge.example": FUND | {"/trygghetsfond/ansokan/<id>/"},
    "bolag@huddinge.example": FUND | {"/trygghetsfond/ansokan/<id>/"},
    "granskare@huddinge.example": FUND | {"/trygghetsfond/granskning/<id>/"},
}
# The defector programme. Everyone in a unit has the list, a new intake, their tasks and the
# emergency access page; only the case team reaches a case, and only through its own list.
DEFECTORS = {
    "/avhopp/",
    "/avhopp/ny/",
    "/avhopp/uppgifter/",
    "/avhopp/nodatkomst/",
    "/avhopp/overlamnade/",
}
CASE_PAGE = "/avhopp/arende/<id>/"
CASE_PARTS = {
    f"{CASE_PAGE}{part}/"
    for part in (
        "kartlaggning",
        "samtycken",
        "overenskommelse",
        "plan",
        "journal",
        "handlingar",
        "uppgifter",
        "person",
        "overflyttning",
        "hanvisningar",
    )
}
TEAM_ONLY = {f"{CASE_PAGE}registerutdrag/", f"{CASE_PAGE}bevarande/"}  # not by emergency access
CASE_FILE = {CASE_PAGE} | CASE_PARTS | TEAM_ONLY
CLOSE = {f"{CASE_PAGE}avsluta/"}  # linked from an open case's overview
REOPEN = {f"{CASE_PAGE}ateroppna/"}  # the unit manager's link for a closed case in the list
ENTRY_AND_INTERVENTION = {f"{CASE_PAGE}journal/<id>/", f"{CASE_PAGE}plan/insats/<id>/"}
RETENTION = {"/avhopp/gallring/", "/avhopp/enhet/nodatkomst/"}  # the unit manager's follow-up
STATISTICS = {"/avhopp/statistik/"}
# Transfers between municipalities: proposed to the unit manager's municipality; read by the
# sending team afterwards (Bilal's case, accepted by Huddinge).
TRANSFERS_IN = {"/avhopp/overflyttningar/", "/avhopp/overflyttningar/<id>/"}
HANDED_OVER = {"/avhopp/overlamnade/<id>/"}
# A partner agency's contact: the referrals to their agency, nothing of the case file.
PARTNER = {"/avhopp/partner/", "/avhopp/partner/<id>/", "/avhopp/partner/ny/"}
# Handovers and referrals from agencies: the unit manager's intake queue.
INBOUND = {"/avhopp/inkommande/", "/avhopp/inkommande/<id>/"}
# Joint units: the unit manager's costs per municipality and cases to take over.
JOINT = {"/avhopp/gemensam/"}
ALL_DEFECTORS = (
    DEFECTORS
    | CASE_FILE
    | CLOSE
    | REOPEN
    | RETENTION
    | STATISTICS
    | TRANSFERS_IN
    | HANDED_OVER
    | PARTNER
    | INBOUND
    | JOINT
)
# The region's safety funds side by side: the regional analyst's.
REGION = {"/trygghetsfond/region/"}
ANALYST = "analytiker@sodertorn.example"
DEFECTORS_BY_ROLE = {
    # (must reach, must not be shown). The walk opens the first case of the list only (the
    # newest), so the journal entry and intervention pages are walked on Adam's full case
    # file in test_every_page_of_a_case_file_passes_axe. The unit manager is on no demo team
    # and a colleague not on a team has no case in the list: neither reaches a case.
    CASE_OFFICER: (
        DEFECTORS | CASE_FILE | CLOSE,
        REOPEN | RETENTION | STATISTICS | TRANSFERS_IN | HANDED_OVER | PARTNER | INBOUND | JOINT,
    ),
    "handlaggare2@huddinge.example": (DEFECTORS, ALL_DEFECTORS - DEFECTORS),
    "chef@huddinge.example": (
        DEFECTORS
        | REOPEN
        | RETENTION
        | STATISTICS
        | ROLE_GRANTS
        | INBOUND
        | JOINT
        | {"/avhopp/overflyttningar/"},
        CASE_FILE | CLOSE | HANDED_OVER,
    ),
    "handlaggare@botkyrka.example": (
        DEFECTORS | CASE_FILE | CLOSE | HANDED_OVER,
        REOPEN | RETENTION | STATISTICS | TRANSFERS_IN,
    ),
    # Haninge: Nora's transfer waits for its unit manager, who has no case yet.
    "chef@haninge.example": (
        DEFECTORS
        | TRANSFERS_IN
        | RETENTION
        | STATISTICS
        | ROLE_GRANTS
        | JOINT
        | {"/avhopp/inkommande/"},
        CASE_FILE | CLOSE | HANDED_OVER,
    ),
    "handlaggare@haninge.example": (DEFECTORS, ALL_DEFECTORS - DEFECTORS),
    "polis@huddinge.example": (PARTNER, ALL_DEFECTORS - PARTNER),
    "passus@huddinge.example": (PARTNER, ALL_DEFECTORS - PARTNER),
    "kriminalvarden@huddinge.example": (
        {"/avhopp/partner/", "/avhopp/partner/ny/"},
        ALL_DEFECTORS - PARTNER,
    ),
    # Aggregates only: the statistics, nothing of the cases.
    "analytiker@sodertorn.example": (STATISTICS | REGION, ALL_DEFECTORS - STATISTICS),
}


PREVENTION = {
    "/forebyggande/",
    "/forebyggande/indikator/ny/",
    "/forebyggande/indikator/<id>/",
    "/forebyggande/indikator/<id>/varden/",
    "/forebyggande/omrade/<id>/",
    "/forebyggande/platser/",
    "/forebyggande/import/",
    "/forebyggande/lagesbild/",
    "/forebyggande/lagesbild/ny/",
    "/forebyggande/lagesbild/<id>/",
    "/forebyggande/plan/ny/",
}
# The action plan: read by the coordinator, the readers and the contacts (their own measures).
PLAN_READ = {
    "/forebyggande/plan/",
    "/forebyggande/plan/<id>/",
    "/forebyggande/atgard/<id>/",
    "/forebyggande/lagesbild/",
    "/forebyggande/lagesbild/<id>/",
}
# The whole plan: the estimate, and the defector programme's measure with its figures.
PLAN_WHOLE = {"/forebyggande/plan/<id>/kalkyl/"}
# Reached from the programme's measure, which the walk (one page per kind) may not open:
# test_plan.py opens it, with axe.
PROGRAMME_FIGURES = {"/forebyggande/atgard/<id>/siffror/"}
PREVENTION |= PLAN_READ | PLAN_WHOLE | PROGRAMME_FIGURES
PLAN_READERS = ("kontakt@huddinge.example", "lasare@huddinge.example")
PLACE_REPORTS = {"/forebyggande/est/"}
PREVENTION_COORDINATOR = "trygghet@huddinge.example"
PLACE_REPORTER = "rapportor@huddinge.example"
# The installation's municipalities: the hosting administrator's, nobody else's.
HOSTING = {"/konto/kommuner/", "/konto/kommuner/<id>/administrator/"}
HOSTING_ADMIN = "drift@sodertorn.example"


def expected_pages(email: str) -> tuple[set[str], set[str]]:
    """(pages the role must reach through its links, pages it must not be shown)."""
    must, must_not = _expected_pages(email)
    if email != HOSTING_ADMIN:
        must_not |= HOSTING
    if email != ANALYST:
        must_not |= REGION
    return must, must_not


def _expected_pages(email: str) -> tuple[set[str], set[str]]:
    if email == HOSTING_ADMIN:
        return EVERYONE | HOSTING, (
            ADMIN_ONLY | LOG_REVIEWER_ONLY | FUND | ALL_DEFECTORS | ROLE_GRANTS | PREVENTION
        )
    if email == ADMIN:
        return EVERYONE | ADMIN_ONLY | {"/trygghetsfond/delegation/"}, (
            LOG_REVIEWER_ONLY | FUND | ALL_DEFECTORS | ROLE_GRANTS | PREVENTION | HOSTING
        )
    if email in (LOG_REVIEWER, "logggranskare@sodertorn.example"):  # municipal, regional
        return EVERYONE | LOG_REVIEWER_ONLY | ROLE_GRANTS, (
            ADMIN_ONLY | FUND | ALL_DEFECTORS | PREVENTION
        )
    if email in FUND_BY_ROLE:
        must = FUND_BY_ROLE[email]
        return EVERYONE | must, (
            ADMIN_ONLY | LOG_REVIEWER_ONLY | ALL_DEFECTORS | (ROLE_GRANTS - must) | PREVENTION
        )
    if email in DEFECTORS_BY_ROLE:
        must, must_not = DEFECTORS_BY_ROLE[email]
        return EVERYONE | must, (
            ADMIN_ONLY | LOG_REVIEWER_ONLY | FUND | must_not | (ROLE_GRANTS - must) | PREVENTION
        )
    if email == PREVENTION_COORDINATOR:
        return EVERYONE | (PREVENTION - PROGRAMME_FIGURES) | PLACE_REPORTS, (
            ADMIN_ONLY | LOG_REVIEWER_ONLY | FUND | ALL_DEFECTORS | ROLE_GRANTS
        )
    if email in PLAN_READERS:
        # The reader: the whole plan; the contact: the values their organisation reports.
        whole = (
            PLAN_WHOLE
            if email == "lasare@huddinge.example"
            else {"/forebyggande/indikator/<id>/varden/"}
        )
        return EVERYONE | PLAN_READ | whole, (
            ADMIN_ONLY
            | LOG_REVIEWER_ONLY
            | FUND
            | ALL_DEFECTORS
            | ROLE_GRANTS
            | (PREVENTION - PLAN_READ - whole - PROGRAMME_FIGURES)
            | PLACE_REPORTS
        )
    if email == PLACE_REPORTER:
        return EVERYONE | PLACE_REPORTS, (
            ADMIN_ONLY | LOG_REVIEWER_ONLY | FUND | ALL_DEFECTORS | ROLE_GRANTS | PREVENTION
        )
    return EVERYONE, (
        ADMIN_ONLY
        | LOG_REVIEWER_ONLY
        | FUND
        | ALL_DEFECTORS
        | ROLE_GRANTS
        | PREVENTION
        | PLACE_REPORTS
    )


@pytest.mark.parametrize("email", [account[0] for account in DEMO_ACCOUNTS])
def test_every_page_of_the_role_passes_axe(demo, page, live_server, email):
    log_in(page, live_server, email)
    # Every page is also checked for reflow (320 px): tables scroll in their own region.
    visited = walk(page, live_server, also=assert_reflows)
    visited = {page_pattern(path) for path in visited}
    must, must_not = expected_pages(email)
    assert must <= visited, f"not reached through the links: {sorted(must - visited)}"
    assert not (must_not & visited), f"links this role should not see: {must_not & visited}"


def test_public_pages_and_login_errors(page, live_server):
    for path in (
        "/konto/logga-in/",
        "/tillganglighet/",
        "/personuppgifter/",
        "/konto/glomt-losenord/",
    ):
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


# --- The defector programme's case file ------------------------------------------------

COLLEAGUE = "handlaggare2@huddinge.example"
UNIT_MANAGER = "chef@huddinge.example"
ADAM = "19970412-2382"  # active, a full case file (seed_demo)
MILAN = "19881130-6524"  # closed in 2019


def case_of(number: str) -> Case:
    digest = blind_lookup(Person, "identity_index", normalise_identity_number(number))
    return Case.objects.get(person__identity_index=digest)


def case_walk(page, live_server, case: Case) -> set[str]:
    """Every page of one case reachable through its own links, each checked (and reflow)."""
    base = f"/avhopp/arende/{case.pk}/"
    visited = walk(page, live_server, base, within=base, also=assert_reflows)
    return {page_pattern(path) for path in visited}


def test_every_page_of_a_case_file_passes_axe(defectors_demo, page, live_server):
    log_in(page, live_server, CASE_OFFICER)
    # Adam's case: every part with content, a journal entry and an intervention of its own.
    visited = case_walk(page, live_server, case_of(ADAM))
    must = CASE_FILE | CLOSE | ENTRY_AND_INTERVENTION
    assert must <= visited, f"not reached through the links: {sorted(must - visited)}"
    # A closed case: every part read only; it is reopened from the overview, not closed.
    visited = case_walk(page, live_server, case_of(MILAN))
    assert visited >= CASE_FILE, f"not reached through the links: {sorted(CASE_FILE - visited)}"
    assert not (visited & CLOSE)


def test_case_pages_under_emergency_access_pass_axe(defectors_demo, page, live_server):
    adam = case_of(ADAM)
    emergency_access_grant(
        actor=actor_for(User.objects.get(email=COLLEAGUE)),
        reference=adam.reference,
        reason="Polisen ringer om ett akut hot och teamet går inte att nå.",
    )
    log_in(page, live_server, COLLEAGUE)
    visited = case_walk(page, live_server, adam)
    assert {CASE_PAGE} | CASE_PARTS <= visited
    # The register extract and the legal hold are the team's; closing too.
    assert not (visited & (TEAM_ONLY | CLOSE))


def _refused(page, form) -> None:
    """Send ``form`` as it is, then check the page that shows the errors."""
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()
    expect(page.locator("#error-summary")).to_be_visible()
    check_page(page)


def test_case_file_forms_with_errors(defectors_demo, page, live_server):
    log_in(page, live_server, CASE_OFFICER)
    adam = case_of(ADAM)
    base = f"{live_server.url}/avhopp/arende/{adam.pk}/"
    main = page.locator("main")

    def form(action: str):
        return main.locator(f"form[action$='{action}']")

    def post_form():
        return main.locator("form[method=post]").first

    page.goto(base)
    _refused(page, form("/status/"))  # no stage chosen

    page.goto(f"{base}kartlaggning/")
    page.fill("#id_completed_on", "2099-01-01")  # in the future
    _refused(page, form("/kartlaggning/spara/"))
    expect(page.locator("#id_completed_on")).to_have_attribute("aria-invalid", "true")
    page.goto(f"{base}kartlaggning/")
    _refused(page, form("/kartlaggning/riskanalys/"))

    page.goto(f"{base}samtycken/")
    _refused(page, form("/samtycken/nytt/"))
    expect(page.locator("#id_agency")).to_have_attribute("aria-invalid", "true")
    page.goto(f"{base}samtycken/")
    _refused(page, form("/samtycken/aterkalla/"))
    page.goto(f"{base}samtycken/")
    _refused(page, form("/samtycken/uppgiftslamnande/"))

    page.goto(f"{base}overenskommelse/")
    _refused(page, form("/overenskommelse/ny/"))  # no condition ticked
    page.goto(f"{base}overenskommelse/")
    _refused(page, main.locator("form[action*='/villkor/']").first)  # kept or broken?

    page.goto(f"{base}plan/")
    form("/plan/insats/ny/").locator("#id_decided_cost").fill("tolv tusen")
    _refused(page, form("/plan/insats/ny/"))
    expect(page.locator("#id_decided_cost")).to_have_attribute("aria-invalid", "true")
    intervention = Intervention.objects.filter(case=adam).first()
    page.goto(f"{base}plan/insats/{intervention.pk}/")
    page.fill("#id_actual_cost", "-5")
    _refused(page, post_form())

    page.goto(f"{base}journal/")
    _refused(page, post_form())  # the entry is empty
    expect(page.locator("#id_text")).to_have_attribute("aria-invalid", "true")
    signed = JournalEntry.objects.filter(case=adam, signed_at__isnull=False).first()
    page.goto(f"{base}journal/{signed.pk}/")
    _refused(page, form("/rattelse/"))

    page.goto(f"{base}handlingar/")
    _refused(page, post_form())  # no file chosen
    page.goto(f"{base}uppgifter/")
    _refused(page, form("/uppgifter/ny/"))
    page.goto(f"{base}person/")
    _refused(page, form("/person/kontakter/"))
    page.goto(f"{base}bevarande/")
    _refused(page, post_form())  # no reason
    page.goto(f"{base}avsluta/")
    _refused(page, post_form())  # no outcome


def test_defector_and_log_review_errors_outside_the_case_file(
    defectors_demo, new_page, live_server
):
    adam, milan = case_of(ADAM), case_of(MILAN)

    colleague = new_page()
    log_in(colleague, live_server, COLLEAGUE)
    colleague.goto(f"{live_server.url}/avhopp/nodatkomst/")
    _refused(colleague, colleague.locator("main form"))
    colleague.fill("#id_reference", "AV-1999-9999")
    colleague.fill("#id_reason", "Polisen ringer om ett akut hot mot personen.")
    _refused(colleague, colleague.locator("main form"))  # no such case in the unit
    response = colleague.goto(f"{live_server.url}/avhopp/arende/{adam.pk}/")
    assert response.status == 404
    check_page(colleague)

    manager = new_page()
    log_in(manager, live_server, UNIT_MANAGER)
    manager.goto(f"{live_server.url}/avhopp/arende/{milan.pk}/ateroppna/")
    check_page(manager)
    _refused(manager, manager.locator("main form"))  # no reason given
    manager.goto(f"{live_server.url}/avhopp/statistik/?year=2026&part=13")
    expect(manager.locator("#error-summary")).to_be_visible()
    check_page(manager)

    reviewer = new_page()
    log_in(reviewer, live_server, LOG_REVIEWER)
    reviewer.goto(f"{live_server.url}/logg/uppfoljning/")
    _refused(reviewer, reviewer.locator("main form[method=post]"))
    for query in ("/logg/?case=AV-1999-9999", "/logg/volym/?date_from=2020-01-01"):
        reviewer.goto(f"{live_server.url}{query}")
        expect(reviewer.locator("#error-summary")).to_be_visible()
        check_page(reviewer)


def case_of_adam_reference() -> str:
    number = normalise_identity_number(ADAM)
    person = Person.objects.filter(identity_index=blind_lookup(Person, "identity_index", number))
    return Case.objects.filter(person__in=person).order_by("pk").first().reference


def test_intake_errors_duplicate_check_and_an_anonymous_contact(
    defectors_demo, page, live_server, new_page
):
    log_in(page, live_server, CASE_OFFICER)
    page.goto(f"{live_server.url}/avhopp/ny/")
    check_page(page)
    _refused(page, page.locator("main form"))  # no date of contact, source or threat
    expect(page.locator("#id_source")).to_have_attribute("aria-invalid", "true")

    # A person already registered: the officer sees a case created like any other; the
    # unit manager gets the match and decides on the team page.
    def fill_intake(number: str) -> None:
        page.goto(f"{live_server.url}/avhopp/ny/")
        page.fill("#id_identity_number", number)
        page.select_option("#id_source", "self")
        page.select_option("#id_group_type", "criminal_network")
        page.check("#id_threat_indication_0")

    fill_intake(ADAM)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/avhopp/arende/*/")
    expect(page.get_by_text("Ärendet har skapats.")).to_be_visible()
    check_page(page)
    matched = Case.objects.latest("pk")
    manager = new_page()
    log_in(manager, live_server, "chef@huddinge.example")
    manager.get_by_role("link", name=re.compile("Intag där personen kan ha ett ärende")).click()
    manager.get_by_role("link", name=re.compile(f"Kontrollera intaget {matched.reference}")).click()
    expect(manager.locator("#duplicate-check")).to_contain_text(case_of_adam_reference())
    check_page(manager)
    manager.get_by_label("Behåll det nya ärendet").check()
    with manager.expect_navigation():
        manager.get_by_role("button", name="Spara beslutet").click()
    expect(manager.locator("#duplicate-check")).to_have_count(0)
    check_page(manager)

    # An anonymous first contact: the overview, the person page and its identify form.
    fill_intake("")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/avhopp/arende/*/")
    check_page(page)
    case = Case.objects.filter(person=None).latest("pk")
    base = f"{live_server.url}/avhopp/arende/{case.pk}/"
    page.goto(f"{base}person/")
    check_page(page)
    page.fill("#id_identity_number", "19970412-0000")  # not a valid number
    _refused(page, page.locator("main form[action$='/person/identifiera/']"))
    page.goto(f"{base}registerutdrag/")
    check_page(page)
