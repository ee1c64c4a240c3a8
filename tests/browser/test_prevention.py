"""The prevention coordinator's indicators in real Chromium, axe on every state: an import
with a bad row (shown, nothing imported) then the fixed file, a value typed wrong, and the
district profile."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, log_in
from trygg.prevention.models import IndicatorValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR = "trygghet@huddinge.example"
BAD = (
    "Område;Månad;Antal;Indikator\n"
    "Flemingsberg;2019-01;12;Anmäld skadegörelse\n"
    "Flemingberg;2019-02;4;Anmäld skadegörelse\n"
)


def _upload(page, live_server, content: str, name: str) -> None:
    page.goto(f"{live_server.url}/forebyggande/import/")
    page.set_input_files(
        "#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ladda upp och titta på filen").click()
    check_page(page)


def test_import_a_bad_row_then_the_fixed_file(demo, page, live_server):
    log_in(page, live_server, COORDINATOR)
    with page.expect_navigation():
        page.get_by_role("link", name="Brottsförebyggande arbete").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Importera värden").click()
    check_page(page)
    before = IndicatorValue.objects.count()

    _upload(page, live_server, BAD, "polisen.csv")
    with page.expect_navigation():
        page.get_by_role("button", name="Kontrollera alla rader").click()
    problems = page.locator("#problems")
    expect(problems).to_be_focused()
    expect(problems).to_contain_text("Rad 3: inget område som heter ”Flemingberg”")
    expect(page.get_by_role("button", name="Importera värdena")).to_have_count(0)
    check_page(page)
    assert IndicatorValue.objects.count() == before

    _upload(page, live_server, BAD.replace("Flemingberg", "Flemingsberg"), "polisen-2.csv")
    with page.expect_navigation():
        page.get_by_role("button", name="Kontrollera alla rader").click()
    expect(page.locator("#ready")).to_contain_text("2 värden är klara att importera")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Importera värdena").click()
    expect(page.locator("main")).to_contain_text("2 värden har importerats")
    check_page(page)
    assert IndicatorValue.objects.count() == before + 2
    page.goto(f"{live_server.url}/forebyggande/import/")
    expect(page.locator("main table")).to_contain_text("Importerad (2)")
    check_page(page)


def test_a_value_typed_wrong_is_named_and_the_profile_shows_the_district(demo, page, live_server):
    log_in(page, live_server, COORDINATOR)
    page.goto(f"{live_server.url}/forebyggande/")
    page.get_by_role("link", name="För in värden Anmäld skadegörelse").click()
    page.get_by_label("Flemingsberg").fill("tolv")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara värdena").click()
    expect(page.locator("#error-summary")).to_be_focused()
    check_page(page)
    page.goto(f"{live_server.url}/forebyggande/")
    page.get_by_role("link", name="Flemingsberg").click()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    page.locator("summary").first.click()
    check_page(page)


def test_a_place_report_refuses_an_identity_number_then_is_saved(demo, page, live_server):
    log_in(page, live_server, "rapportor@huddinge.example")
    with page.expect_navigation():
        page.get_by_role("link", name="Platsrapporter (EST)").first.click()
    check_page(page)
    page.get_by_label("Skadegörelse").check()
    page.locator("#id_place").select_option(label="Länna torg")
    page.locator("#id_description").fill("Personen 19970412-2382 sprayade på väggen")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara rapporten").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_description_error")).to_contain_text("personnummer")
    check_page(page)
    page.locator("#id_description").fill("Klotter på hela väggen vid torget")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara rapporten").click()
    expect(page.locator("main")).to_contain_text("Tack. Rapporten har sparats.")
    expect(page.locator("main table").last).to_contain_text("Klotter på hela väggen")
    check_page(page)


def test_a_situational_picture_drafted_and_adopted(demo, page, live_server):
    log_in(page, live_server, "trygghet@huddinge.example")
    page.goto(f"{live_server.url}/forebyggande/")
    with page.expect_navigation():
        page.get_by_role("link", name="Lägesbilder").click()
    check_page(page)
    page.get_by_role("link", name="Ny lägesbild").click()
    page.locator("#id_title").fill("Lägesbild 2027")
    page.locator("#id_period_from").fill("2025-01-01")
    page.locator("#id_period_to").fill("2026-12-31")
    page.get_by_label("Anmäld skadegörelse").check()
    page.locator("#id_analysis").fill("Skadegörelsen är störst i Flemingsberg och Vårby.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    check_page(page)
    page.locator("#id_title").fill("Otrygghet vid Flemingsbergs centrum")
    page.get_by_label("Flemingsberg", exact=True).check()
    page.locator("#id_affected").fill("Boende och pendlare")
    with page.expect_navigation():
        page.get_by_role("button", name="Lägg till problemet").click()
    expect(page.locator("main ol")).to_contain_text("Otrygghet vid Flemingsbergs centrum")
    check_page(page)
    page.locator("#id_decided_by_body").fill("Kommunstyrelsen, § 123")
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera antagandet").click()
    expect(page.locator("main")).to_contain_text("antagen av Kommunstyrelsen, § 123")
    expect(page.get_by_role("button", name="Lägg till problemet")).to_have_count(0)
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Starta en ny version").click()
    expect(page.locator("main")).to_contain_text("utgår från version 1")
    check_page(page)
