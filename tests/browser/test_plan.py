"""The action plan in real Chromium, axe on every state: a measure drafted against a problem
and linked to a grant whose approved report then shows; the annual report downloaded and its
text read; a contact's follow-up; the public plan page with its CSV."""

from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import check_page, log_in
from trygg.prevention.models import Grant, Measure, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR = "trygghet@huddinge.example"
REPORTED = "Trygghetsvandringar med boende i Trångsund"


def _open_demo_plan(page) -> None:
    """From the start page, through the menu, to the demo plan."""
    _follow(page.locator("header nav").get_by_role("link", name="Åtgärdsplaner", exact=True))
    title = Plan.objects.get(title__endswith="(demo)").title
    _follow(page.locator("main").get_by_role("link", name=title, exact=True))


def _click(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _follow(link) -> None:
    """Follow a link and wait for the page it leads to (a check right after the click
    would otherwise read the page being left)."""
    with link.page.expect_navigation():
        link.click()


def test_a_measure_against_a_problem_paid_by_a_grant_whose_report_shows(demo, page, live_server):
    log_in(page, live_server, COORDINATOR)
    # The grant with an approved final report pays for a demo measure: free it first.
    walks = Grant.objects.get(title=REPORTED).measure
    page.goto(f"{live_server.url}/forebyggande/atgard/{walks.pk}/")
    check_page(page)
    _click(page, "Koppla bort TF-2026-0008")
    check_page(page)

    page.goto(f"{live_server.url}/forebyggande/plan/")
    _follow(page.get_by_role("link", name="Ny åtgärdsplan"))
    check_page(page)
    page.fill("#id_title", "Åtgärdsplan 2027")
    page.select_option("#id_situation", index=1)
    page.fill("#id_period_from", "2027-01-01")
    page.fill("#id_period_to", "2027-12-31")
    _click(page, "Spara")
    expect(page.locator("h1")).to_have_text("Åtgärdsplan 2027")
    check_page(page)

    _follow(page.get_by_role("link", name="Lägg till en åtgärd"))
    page.fill("#id_title", "Trygghetsvandringar i Flemingsberg")
    page.select_option("#id_organisation", label="Huddingehem AB")
    page.fill("#id_starts_on", "2027-02-01")
    page.fill("#id_cost_kr", "80000")
    _click(page, "Spara åtgärden")  # no problem chosen: refused next to the field
    expect(page.locator("#id_problems_error")).to_be_visible()
    check_page(page)
    page.get_by_label("1. Skadegörelse och otrygghet kring Flemingsbergs centrum").check()
    _click(page, "Spara åtgärden")
    expect(page.locator("h1")).to_contain_text("Trygghetsvandringar i Flemingsberg")
    check_page(page)

    page.select_option("#id_grant", label=f"TF-2026-0008 {REPORTED} (Huddingehem AB)")
    _click(page, "Koppla bidraget")
    main = page.locator("main")
    expect(main).to_contain_text("Slutrapport godkänd")
    expect(main).to_contain_text("Sex trygghetsvandringar med boende, polis och bostadsbolaget.")
    check_page(page)
    measure = Measure.objects.get(title="Trygghetsvandringar i Flemingsberg")
    assert Grant.objects.get(title=REPORTED).measure == measure

    page.fill("#id_text", "Två vandringar i februari.")
    _click(page, "Spara uppföljningen")
    expect(main).to_contain_text("Två vandringar i februari.")
    check_page(page)


def test_the_annual_report_is_downloaded_and_read(demo, page, live_server):
    log_in(page, live_server, "lasare@huddinge.example")
    _open_demo_plan(page)
    check_page(page)
    _click(page, "Gör årsrapporten")  # made in the background; here at once (no worker)
    expect(page.locator("main")).to_contain_text("Årsrapporten görs nu")
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Årsrapport").first.click()
    content = Path(download.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages).split())
    assert "Årsrapport" in text and "det brottsförebyggande arbetet" in text
    assert "Unga för orten: sommarjobb för unga" in text
    assert "Socioekonomisk uppskattning" in text and "En uppskattning, inte ett utfall" in text
    _follow(page.get_by_role("link", name="Socioekonomisk uppskattning av planen"))
    check_page(page)
    programme = Measure.objects.get(title="Avhopparverksamheten")
    page.goto(f"{live_server.url}/forebyggande/atgard/{programme.pk}/")
    check_page(page)
    _follow(page.get_by_role("link", name="Se verksamhetens siffror för åtgärdens tid"))
    expect(page.locator("h1")).to_have_text("Avhopparverksamheten i siffror")
    check_page(page)


def test_a_contact_follows_up_their_measure(demo, page, live_server):
    log_in(page, live_server, "kontakt@huddinge.example")
    _open_demo_plan(page)
    expect(page.locator("main")).not_to_contain_text("Belysning och röjning")
    _follow(page.get_by_role("link", name="Unga för orten: sommarjobb för unga"))
    check_page(page)
    _click(page, "Spara uppföljningen")
    expect(page.locator("#id_text_error")).to_be_visible()
    check_page(page)
    page.select_option("#id_status", label="Pågående")
    page.fill("#id_text", "120 unga har fått sommarjobb.")
    _click(page, "Spara uppföljningen")
    expect(page.locator("main")).to_contain_text("120 unga har fått sommarjobb.")
    check_page(page)
    # The values their organisation reports.
    page.goto(f"{live_server.url}/forebyggande/plan/")
    _follow(page.get_by_role("link", name="Ange värdena: Unga med sommarjobb"))
    page.get_by_label("Flemingsberg").fill("sextio")
    _click(page, "Spara värdena")
    expect(page.locator("#error-summary")).to_be_visible()
    check_page(page)
    page.get_by_label("Flemingsberg").fill("60")
    _click(page, "Spara värdena")
    expect(page.locator("main")).to_contain_text("har sparats")
    check_page(page)


def test_the_estimate_and_the_commitments_name_every_mistake(demo, page, live_server):
    log_in(page, live_server, COORDINATOR)
    plan = Plan.objects.get(title__endswith="(demo)")
    page.goto(f"{live_server.url}/forebyggande/plan/{plan.pk}/kalkyl/")
    check_page(page)
    page.fill("#id_name", "Ett personrån")
    page.fill("#id_low_kr", "90000")
    page.fill("#id_value_kr", "60000")
    page.fill("#id_high_kr", "120000")
    page.fill("#id_source", "Brå (test)")
    page.fill("#id_year", "2024")
    _click(page, "Lägg till antagandet")
    expect(page.locator("#id_low_kr_error")).to_contain_text("kan inte vara högre än kostnaden")
    check_page(page)
    page.fill("#id_low_kr", "30000")
    _click(page, "Lägg till antagandet")
    expect(page.locator("main")).to_contain_text("Ett personrån")
    check_page(page)

    page.goto(f"{live_server.url}/forebyggande/plan/{plan.pk}/")
    _click(page, "Lägg till åtagandet")  # empty: every field named
    expect(page.locator("#id_text_error")).to_be_visible()
    expect(page.locator("#id_owner_error")).to_be_visible()
    check_page(page)


def test_the_public_plan_page(demo, page, live_server):
    page.goto(f"{live_server.url}/")
    _follow(page.locator("footer").get_by_role("link", name="Åtgärdsplaner för trygghet"))
    check_page(page)
    plan = Plan.objects.get(title__endswith="(demo)")
    _follow(page.get_by_role("link", name=f"Huddinge kommun: {plan.title}"))
    expect(page.locator("h1")).to_have_text(plan.title)
    expect(page.locator("main")).to_contain_text("Polisen är synlig vid Flemingsbergs centrum")
    expect(page.locator("main")).not_to_contain_text("Avhopparverksamheten")
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV-fil").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.startswith("nummer;åtgärd;problem") and "Unga för orten" in csv_text
