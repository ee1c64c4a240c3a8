"""The safety fund from application to follow-up report, in real Chromium, axe on every page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page, log_in
from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Application, Call, DelegationPoint, FundYear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPLICANT = "sokande@huddinge.example"
COORDINATOR = "samordnare@huddinge.example"
SECOND = "ekonomi@huddinge.example"
REVIEWER = "granskare@huddinge.example"
TITLE = "Nattvandring med fotbollsföreningen i Skogås"


def _as(new_page, live_server, email):
    page = new_page()
    log_in(page, live_server, email)
    return page


def _application():
    return Application.objects.get(title=TITLE)


def _go(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    check_page(page)


def _click_and_wait(page, locator):
    with page.expect_navigation():
        page.locator(locator).click()


def test_application_to_follow_up_report(demo, new_page, live_server):
    call = Call.objects.get()
    # 1. The applicant drafts and submits.
    applicant = _as(new_page, live_server, APPLICANT)
    _go(applicant, live_server, "/trygghetsfond/")
    applicant.fill(f"#new-title-{call.pk}", TITLE)
    _click_and_wait(applicant, f"form[action$='/utlysning/{call.pk}/ny-ansokan/'] button")
    check_page(applicant)
    applicant.fill("#id_summary", "Vuxna nattvandrar fredag och lördag kväll.")
    applicant.select_option("#id_category", "social")
    applicant.check("input[name=measure_types][value=nattvandring]")
    applicant.check("input[name=districts] >> nth=0")
    applicant.fill("#id_target_group", "Unga 13-17 år i Skogås")
    # The problem comes from the adopted lägesbild; the applicant's own words are optional.
    applicant.select_option("#id_addresses", index=1)
    applicant.fill("#id_problem", "Oro och bråk vid centrum på helgkvällar.")
    applicant.fill("#id_expected_effects", "Färre incidenter och tryggare helgkvällar.")
    applicant.fill("#id_risks", "För få vuxna")
    applicant.fill("#id_start_date", "2027-01-10")
    applicant.fill("#id_end_date", "2027-06-20")
    applicant.fill("#id_budget-0-description", "Västar, lampor och fika")
    applicant.fill("#id_budget-0-amount_kr", "120000")
    applicant.fill("#id_indicators-0-name", "Incidenter vid centrum per månad")
    applicant.fill("#id_indicators-0-baseline", "12")
    applicant.fill("#id_indicators-0-target", "6")
    applicant.locator("textarea[name^=question_]").first.fill("Föreningen och föräldrar planerar.")
    _click_and_wait(applicant, "button[name=submit]")
    check_page(applicant)
    assert _application().status == ApplicationStatus.SUBMITTED

    # 2. The coordinator asks for completion.
    coordinator = _as(new_page, live_server, COORDINATOR)
    application_path = f"/trygghetsfond/ansokan/{_application().pk}/"
    _go(coordinator, live_server, application_path)
    coordinator.fill("#id_message", "Beskriv hur ni rekryterar vuxna.")
    _click_and_wait(coordinator, "form[action$='/komplettering/'] button")
    check_page(coordinator)

    # 3. The applicant completes; the coordinator sees the diff.
    _go(applicant, live_server, f"{application_path}redigera/")
    applicant.fill("#id_risks", "För få vuxna; vi rekryterar via föreningen och skolan")
    _click_and_wait(applicant, "button[name=submit]")
    assert _application().revision == 2
    _go(coordinator, live_server, application_path)
    expect(coordinator.locator("ins")).to_contain_text("rekryterar via föreningen")

    # 4. Formal check, reviewer assigned.
    _click_and_wait(coordinator, "form[action$='/formell-kontroll/'] button")
    coordinator.select_option("#id_reviewer", label="Gustav Granskare")
    _click_and_wait(coordinator, "form[action$='/granskare/'] button")
    check_page(coordinator)

    # 5. The reviewer declares no conflict of interest and scores.
    reviewer = _as(new_page, live_server, REVIEWER)
    assignment = _application().reviews.get()
    _go(reviewer, live_server, f"/trygghetsfond/granskning/{assignment.pk}/")
    reviewer.check("input[name=has_conflict][value=no]")
    _click_and_wait(reviewer, "main form button[type=submit]")
    check_page(reviewer)
    for select in reviewer.locator("select[name^=score_]").all():
        select.select_option("4")
    reviewer.select_option("#id_recommendation", "grant_partly")
    _click_and_wait(reviewer, "main form button[type=submit]")
    check_page(reviewer)

    # 6. The coordinator decides: partly granted.
    _go(coordinator, live_server, f"{application_path}beslut/")
    coordinator.check("input[name=outcome][value=partly_granted]")
    coordinator.fill("#id_amount_kr", "100000")
    coordinator.fill("#id_reasons", "Beviljas delvis: fika ingår inte.")
    coordinator.select_option("#id_delegation", str(DelegationPoint.objects.get(point="4.2").pk))
    _click_and_wait(coordinator, "main form button[type=submit]")
    # Irreversible: asked once more (a page, no JavaScript), with what will be decided.
    check_page(coordinator)
    expect(coordinator.locator("main")).to_contain_text("Delvis beviljad, 100\u00a0000\u00a0kr")
    _click_and_wait(coordinator, "main form button[type=submit]")
    check_page(coordinator)
    assert _application().granted_kr == 100_000
    with coordinator.expect_download() as download:
        coordinator.locator("a[href$='beslutsbrev.pdf']").click()
    letter = download.value.path().read_bytes()
    assert letter.startswith(b"%PDF")

    # 7. Payment: registered by one coordinator, approved by another.
    coordinator.fill("#id_amount_kr", "100000")
    _click_and_wait(coordinator, "form[action$='/utbetalning/'] button")
    second = _as(new_page, live_server, SECOND)
    _go(second, live_server, application_path)
    _click_and_wait(second, "form[action$='/godkann/'] button")
    check_page(second)  # the question: approve 100 000 kr to Kultur- och fritidsnämnden?
    _click_and_wait(second, "main form button[type=submit]")
    check_page(second)
    assert _application().status == ApplicationStatus.PAID

    # 8. The follow-up report is written, submitted and approved.
    report = _application().reports.get(kind="final")
    _go(applicant, live_server, f"/trygghetsfond/rapport/{report.pk}/")
    applicant.fill("#id_what_was_done", "Tjugo kvällar med nattvandring.")
    applicant.fill("#id_costs-0-actual_kr", "95000")
    applicant.fill("#id_outcomes-0-outcome", "7")
    applicant.fill("#id_lessons", "Samarbetet med föreningen var avgörande.")
    _click_and_wait(applicant, "button[name=submit]")
    _go(coordinator, live_server, f"/trygghetsfond/rapport/{report.pk}/")
    _click_and_wait(coordinator, "button[name=approve]")
    check_page(coordinator)
    assert _application().status == ApplicationStatus.REPORTED

    # 9. The coordinator's overview and the public page show the figures.
    fund_year = FundYear.objects.get()
    committed = f"{fund_year.committed_kr:,}".replace(",", "\u00a0")
    _go(coordinator, live_server, "/trygghetsfond/")
    expect(coordinator.locator(".figures")).to_contain_text(committed)
    _go(coordinator, live_server, "/trygghetsfond/oversikt/")
    expect(coordinator.locator("main")).to_contain_text(committed)
    public = new_page()
    _go(public, live_server, "/trygghetsfonden/")
    row = public.locator("tr", has_text=TITLE)
    expect(row).to_contain_text("100\u00a0000\u00a0kr")


def test_every_error_at_once_and_a_colleagues_save_beside_mine(demo, new_page, live_server):
    """The edit page's new states, with axe: required marks, one summary with every error,
    and a colleague's save shown beside the user's text instead of overwritten."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from trygg.accounts.models import Membership, User
    from trygg.core.roles import Role
    from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD

    sofia = User.objects.get(email=APPLICANT)
    kim = User.objects.create_user("kim@huddinge.example", DEMO_PASSWORD, full_name="Kim Kollega")
    Membership.objects.create(
        user=kim, organisation=sofia.memberships.get().organisation, role=Role.SOKANDE
    )
    TOTPDevice.objects.create(user=kim, name="app", confirmed=True)
    call = Call.objects.get()

    applicant = _as(new_page, live_server, APPLICANT)
    _go(applicant, live_server, "/trygghetsfond/")
    applicant.fill(f"#new-title-{call.pk}", TITLE)
    _click_and_wait(applicant, f"form[action$='/utlysning/{call.pk}/ny-ansokan/'] button")
    expect(applicant.locator("label[for=id_summary]")).to_contain_text("krävs för att skicka in")
    expect(applicant.locator("label[for=id_partners]")).to_contain_text("frivilligt")
    applicant.fill("#id_start_date", "2027-06-01")
    applicant.fill("#id_end_date", "2027-01-01")
    applicant.fill("#id_budget-0-description", "Västar")
    _click_and_wait(applicant, "button[name=submit]")
    summary = applicant.locator("#error-summary")
    expect(summary).to_be_focused()
    for field in ("id_end_date", "id_budget-0-amount_kr", "id_summary", "id_districts"):
        expect(summary.locator(f"a[href='#{field}']")).to_have_count(1)
    check_page(applicant)

    # Kim opens the same draft and saves first; Sofia's save then shows both versions.
    edit = f"/trygghetsfond/ansokan/{_application().pk}/redigera/"
    _go(applicant, live_server, edit)
    colleague = _as(new_page, live_server, "kim@huddinge.example")
    _go(colleague, live_server, edit)
    colleague.fill("#id_summary", "Kims sammanfattning")
    _click_and_wait(colleague, "button[name=save]")
    applicant.fill("#id_summary", "Sofias sammanfattning")
    _click_and_wait(applicant, "button[name=save]")
    conflict = applicant.locator("#conflict")
    expect(conflict).to_be_focused()
    expect(conflict).to_contain_text("Kim Kollega")
    expect(conflict.locator("tbody")).to_contain_text("Kims sammanfattning")
    expect(conflict.locator("tbody")).to_contain_text("Sofias sammanfattning")
    check_page(applicant)
    assert _application().summary == "Kims sammanfattning"
    _click_and_wait(applicant, "button[name=save]")  # with both in view: keep mine
    assert _application().summary == "Sofias sammanfattning"
