"""The coordinator's overview of the safety fund in real Chromium: axe, CSP, Chart.js, tables."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, current_code, log_in, submit
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD
from trygg.fund.models import FundYear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR = "samordnare@huddinge.example"
CHARTS = ["status", "category", "district", "applicant", "measure-type"]


def test_dashboard_draws_each_chart_next_to_its_table(demo, page, live_server):
    FundYear.objects.update(social_budget_kr=5_000_000)  # so the sub-budget table is checked too
    log_in(page, live_server, COORDINATOR)
    page.goto(f"{live_server.url}/trygghetsfond/")
    page.locator('main a[href="/trygghetsfond/oversikt/"]').click()  # the index's link
    page.wait_for_url(f"{live_server.url}/trygghetsfond/oversikt/")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-status')")
    check_page(page)

    for slug in CHARTS:
        canvas = page.locator(f"#chart-{slug}")
        expect(canvas).to_be_visible()
        assert canvas.get_attribute("role") == "img"
        # The label names the chart: its section's heading is in it.
        assert page.locator(f"#{slug}-heading").inner_text() in canvas.get_attribute("aria-label")
        drawn = page.evaluate(
            """(id) => {
                const canvas = document.getElementById(id);
                const chart = Chart.getChart(canvas);
                return {chart: chart !== undefined, width: canvas.width, height: canvas.height,
                        bars: chart ? chart.data.labels.length : 0};
            }""",
            f"chart-{slug}",
        )
        assert drawn["chart"] and drawn["width"] > 0 and drawn["height"] > 0, (slug, drawn)
        table = page.locator(f"#table-{slug}")
        expect(table).to_be_visible()
        expect(table.locator("caption")).not_to_be_empty()
        assert table.locator("thead th[scope=col]").count() >= 4
        # The chart and its table show the same rows.
        assert table.locator("tbody th[scope=row]").count() == drawn["bars"], slug
    expect(page.locator("#caption-sub-budgets")).to_be_visible()

    # On a phone a wide table scrolls in its own box; the page itself does not.
    page.set_viewport_size({"width": 400, "height": 800})
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.dashboard-table-scroll')]
                .filter((box) => box.getBoundingClientRect().right > window.innerWidth)
                .map((box) => box.getAttribute('aria-labelledby'))"""
    )
    assert overflowing == []


def test_dashboard_works_without_javascript(demo, browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        # Logging in needs no script either; the chart containers simply stay hidden.
        page.goto("/konto/logga-in/")
        page.fill("#id_username", COORDINATOR)
        page.fill("#id_password", DEMO_PASSWORD)
        submit(page)
        page.fill("#id_code", current_code(COORDINATOR))
        submit(page)
        page.goto("/trygghetsfond/oversikt/")
        for slug in CHARTS:
            expect(page.locator(f"#table-{slug}")).to_be_visible()
            expect(page.locator(f"#chart-{slug}")).to_be_hidden()
    finally:
        context.close()
