"""The fund as the council runs it, in real Chromium with axe on every page: a fund year with
a carry-over, a two-year grant, a company paid only under its signed agreement, a decision
above the delegate's limit refused, the report of delegated decisions, and an approved
report's results on the public page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import check_page, log_in
from tests.factories import make_application
from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Application, DelegationPoint, FundYear, Instalment
from trygg.fund.review.services import formal_check_pass
from trygg.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR = "samordnare@huddinge.example"  # Sara: also holds point 4.3 (up to 3 MSEK)
SECOND = "ekonomi@huddinge.example"  # Erik: every coordinator's point 4.2 (up to 500 000 kr)
COMPANY = "bolag@huddinge.example"
NBSP = "\u00a0"


def _as(new_page, live_server, email):
    page = new_page()
    log_in(page, live_server, email)
    return page


def _go(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    check_page(page)


def _submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).last.click()
    check_page(page)


def _point(number: str) -> str:
    return str(DelegationPoint.objects.get(point=number).pk)


def test_fund_year_carry_over_and_a_two_year_grant(demo, new_page, live_server):
    this_year = FundYear.objects.get()
    coordinator = _as(new_page, live_server, COORDINATOR)
    # The council's budget decision for next year creates fund year 2027.
    _go(coordinator, live_server, "/trygghetsfond/installningar/")
    coordinator.fill("#id_year", str(this_year.year + 1))
    coordinator.fill("#id_budget_kr", "8000000")
    coordinator.fill("#id_budget_decision", "KF 2026-11-23 § 201")
    coordinator.fill("#id_budget_decided_on", "2026-11-23")
    _submit(coordinator)
    next_year = FundYear.objects.get(year=this_year.year + 1)
    assert next_year.budget_decision == "KF 2026-11-23 § 201"
    # Carry over unspent money from this year, by a recorded decision.
    _go(coordinator, live_server, f"/trygghetsfond/installningar/fondar/{this_year.pk}/ekonomi/")
    coordinator.select_option("#id_to_year", str(next_year.pk))
    coordinator.fill("#id_amount_kr", "99000000")  # more than is left: refused at the field
    coordinator.fill("#id_decision", "KF 2026-12-14 § 230")
    coordinator.fill("#id_decided_on", "2026-12-14")
    _submit(coordinator)
    expect(coordinator.locator("#id_amount_kr_error")).to_be_visible()
    coordinator.fill("#id_amount_kr", "1000000")
    _submit(coordinator)
    expect(coordinator.locator("main")).to_contain_text("KF 2026-12-14 § 230")
    next_year.refresh_from_db()
    assert next_year.carried_in_kr == 1_000_000
    _go(coordinator, live_server, f"/trygghetsfond/installningar/fondar/{next_year.pk}/ekonomi/")
    expect(coordinator.locator("main")).to_contain_text(f"9{NBSP}000{NBSP}000{NBSP}kr")

    # An 800 000 kr measure over two years: above point 4.2's limit, so Erik is refused.
    kultur = Organisation.objects.get(name="Kultur- och fritidsnämnden")
    applicant = User.objects.get(email="sokande@huddinge.example")
    big = make_application(
        this_year.calls.get(),
        kultur,
        applicant,
        status=ApplicationStatus.IN_REVIEW,
        requested_kr=800_000,
        title="Fritidsgårdar öppna på helger i två år",
        submitted_at=timezone.now(),
    )
    second = _as(new_page, live_server, SECOND)
    _go(second, live_server, f"/trygghetsfond/ansokan/{big.pk}/beslut/")
    second.check("input[name=outcome][value=granted]")
    second.fill("#id_reasons", "Väl underbyggd, två år.")
    second.select_option("#id_delegation", _point("4.2"))
    _submit(second)  # the confirmation
    _submit(second)
    expect(second.locator("#id_delegation_error")).to_contain_text("500")
    assert Application.objects.get(pk=big.pk).status == ApplicationStatus.IN_REVIEW
    # Sara decides under 4.3: 500 000 kr this year, 300 000 kr out of 2027's budget.
    _go(coordinator, live_server, f"/trygghetsfond/ansokan/{big.pk}/beslut/")
    coordinator.check("input[name=outcome][value=granted]")
    coordinator.fill("#id_reasons", "Väl underbyggd, två år.")
    coordinator.select_option("#id_delegation", _point("4.3"))
    coordinator.fill(f"#id_instalment_{next_year.year}", "300000")
    _submit(coordinator)
    expect(coordinator.locator("main")).to_contain_text(f"{next_year.year}: 300{NBSP}000{NBSP}kr")
    _submit(coordinator)
    committed = {i.year: i.fund_year_id for i in Instalment.objects.filter(application=big)}
    assert committed == {this_year.year: this_year.pk, next_year.year: next_year.pk}
    expect(coordinator.locator("main")).to_contain_text(f"{next_year.year}: 300{NBSP}000{NBSP}kr")
    _go(coordinator, live_server, f"/trygghetsfond/installningar/fondar/{next_year.pk}/ekonomi/")
    expect(coordinator.locator("main")).to_contain_text(f"300{NBSP}000{NBSP}kr")
    _go(coordinator, live_server, "/trygghetsfond/oversikt/")
    expect(coordinator.locator("main")).to_contain_text(f"300{NBSP}000{NBSP}kr")


def test_a_company_is_paid_only_after_signing_and_the_period_is_reported(
    demo, new_page, live_server
):
    coordinator = _as(new_page, live_server, COORDINATOR)
    hosts = Application.objects.get(title="Trygghetsvärdar i Vårby gård")
    formal_check_pass(actor=actor_for(User.objects.get(email=COORDINATOR)), application=hosts)
    path = f"/trygghetsfond/ansokan/{hosts.pk}/"
    _go(coordinator, live_server, f"{path}beslut/")
    coordinator.check("input[name=outcome][value=granted]")
    coordinator.fill("#id_reasons", "Trygghetsvärdar kvällstid.")
    coordinator.select_option("#id_delegation", _point("4.2"))
    _submit(coordinator)
    _submit(coordinator)
    expect(coordinator.locator("#agreement-heading")).to_be_visible()
    # No payment before the company has signed.
    coordinator.fill("#id_amount_kr", "100000")
    coordinator.fill("#id_invoice_reference", "HH-2026-0501")
    coordinator.fill("#id_invoice_date", "2026-12-01")
    _submit(coordinator, "form[action$='/utbetalning/'] button")
    expect(coordinator.locator(".ds-alert, [role=alert]").first).to_contain_text("underteckna")
    assert not hosts.payments.exists()
    # The company reads the conditions and signs.
    company = _as(new_page, live_server, COMPANY)
    _go(company, live_server, path)
    expect(company.locator("main")).to_contain_text("Återbetalning")
    company.fill("#id_signatory", "Birgitta Bolagsson, VD")
    company.check("#id_authorised")
    _submit(company, "form[action$='/avtal/underteckna/'] button")
    expect(company.locator("main")).to_contain_text("Birgitta Bolagsson, VD")
    # Now the payment is asked for against the invoice.
    _go(coordinator, live_server, path)
    coordinator.fill("#id_amount_kr", "100000")
    coordinator.fill("#id_invoice_reference", "HH-2026-0501")
    coordinator.fill("#id_invoice_date", "2026-12-01")
    _submit(coordinator, "form[action$='/utbetalning/'] button")
    assert hosts.payments.get().invoice_reference == "HH-2026-0501"

    # The report of the period's delegated decisions: on screen, as a file, then recorded.
    today = timezone.localdate()
    _go(coordinator, live_server, "/trygghetsfond/delegationsbeslut/")
    coordinator.fill("#id_fran", (today - datetime.timedelta(days=1)).isoformat())
    coordinator.fill("#id_till", today.isoformat())
    _submit(coordinator, "main form[method=get] button")
    expect(coordinator.locator("main")).to_contain_text(hosts.reference)
    with coordinator.expect_download() as download:
        coordinator.locator("a[href*='delegationsbeslut.csv']").click()
    csv = download.value.path().read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("beslutsdatum;diarienummer;ärende;mottagare")
    assert f"{today.isoformat()};{hosts.reference};Trygghetsvärdar i Vårby gård" in csv
    with coordinator.expect_download() as download:
        coordinator.locator("a[href*='delegationsbeslut.pdf']").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    coordinator.check("input[name=way][value=notice_board]")
    coordinator.fill("#id_reported_on", today.isoformat())
    coordinator.fill("#id_announced_on", today.isoformat())
    _submit(coordinator, "main form[method=post] button")
    hosts.refresh_from_db()
    assert hosts.decision.reported_in.announced_on == today
    _go(coordinator, live_server, path)
    expect(coordinator.locator("main")).to_contain_text("de tre veckorna för överklagande")


def test_an_approved_reports_outcome_on_the_public_page(demo, new_page, live_server):
    reported = Application.objects.get(title="Trygghetsvandringar med boende i Trångsund")
    report = reported.reports.get(kind="final")
    coordinator = _as(new_page, live_server, COORDINATOR)
    _go(coordinator, live_server, f"/trygghetsfond/rapport/{report.pk}/")
    _submit(coordinator, "button[name=unpublish]")
    visitor = new_page()
    _go(visitor, live_server, f"/trygghetsfonden/{reported.pk}/")
    expect(visitor.locator("main")).not_to_contain_text("Sex trygghetsvandringar")
    _submit(coordinator, "button[name=publish]")
    _go(visitor, live_server, "/trygghetsfonden/")
    with visitor.expect_navigation():
        visitor.locator(f"a[href$='/trygghetsfonden/{reported.pk}/']").click()
    check_page(visitor)
    main = visitor.locator("main")
    expect(main).to_contain_text("Sex trygghetsvandringar med boende, polis och bostadsbolaget.")
    expect(main).to_contain_text("55 %")
    expect(main).not_to_contain_text("Kvällsvandringar lockade")  # lessons stay internal
