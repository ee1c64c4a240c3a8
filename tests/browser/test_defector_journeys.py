"""The defector programme in real Chromium: a case from intake to closure, emergency access
and its trace in the log review, a log review sign-off, and a register extract.

Every page on the way is checked (axe, one h1, clean console). Fields are found by their
labels, as a screen reader user finds them, in the Swedish interface. The labels are taken
from the forms themselves under Swedish, so the tests follow the translations as they are.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone
from django.utils.translation import gettext, override
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import check_page, log_in
from trygg.audit.models import AuditEvent, ReviewSignoff
from trygg.core.fields import blind_lookup
from trygg.defectors.agreement.forms import AgreementForm, FollowUpForm
from trygg.defectors.cases.forms import IntakeForm
from trygg.defectors.consents.forms import ConsentForm, DisclosureForm
from trygg.defectors.constants import (
    Agency,
    CaseStatus,
    ConditionKind,
    GroupType,
    InterventionStatus,
    InterventionType,
    NeedArea,
    NeedLevel,
    Outcome,
    PoliceRiskLevel,
    ReferralSource,
    ThreatIndication,
)
from trygg.defectors.emergency.forms import EmergencyAccessForm
from trygg.defectors.identity import normalise_identity_number
from trygg.defectors.journal.forms import CorrectionForm, JournalEntryForm
from trygg.defectors.mapping.forms import MappingForm, RiskAnalysisForm
from trygg.defectors.models import (
    Case,
    CaseTask,
    Consent,
    Disclosure,
    Intervention,
    JournalEntry,
    Mapping,
    Person,
    PoliceRiskAnalysis,
)
from trygg.defectors.plan.forms import InterventionForm, PlanGoalsForm
from trygg.defectors.status.forms import CaseCloseForm, StatusChangeForm
from trygg.defectors.tasks.forms import TaskForm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE_OFFICER = "handlaggare@huddinge.example"
COLLEAGUE = "handlaggare2@huddinge.example"
LOG_REVIEWER = "logggranskare@huddinge.example"
ADAM = "19970412-2382"
NEW_PERSON_NUMBER = "19811218-9876"  # the usual example number, not one of the demo people


# --- The Swedish interface, as the forms render it ----------------------------------------


def sv(text: str) -> str:
    """A UI string as the Swedish interface shows it (English until it is translated)."""
    with override("sv"):
        return gettext(text)


def sv_choice(choice) -> str:
    with override("sv"):
        return str(choice.label)


def label(form: forms.Form, name: str) -> str:
    """The text of a field's label (or legend) in Swedish, as includes/field.html writes it."""
    with override("sv"):
        form_field = form.fields[name]
        text = str(form_field.label)
        optional = not form_field.required
        if optional and not isinstance(form_field.widget, forms.CheckboxInput):
            text = f"{text} ({gettext('optional')})"
    return text


def field(scope: Page | Locator, form: forms.Form, name: str) -> Locator:
    """The input of a field, found through its label."""
    return scope.get_by_label(label(form, name), exact=True)


def option(scope: Page | Locator, form: forms.Form, name: str, choice) -> Locator:
    """One radio button of a choice group, found through the group's legend and its label."""
    group = scope.get_by_role("group", name=label(form, name), exact=True)
    return group.get_by_label(sv_choice(choice), exact=True)


def press(page: Page, text: str, scope: Page | Locator | None = None) -> None:
    """Press a button by its Swedish name and wait for the next page."""
    target = scope if scope is not None else page.locator("main")
    with page.expect_navigation():
        target.get_by_role("button", name=sv(text), exact=True).click()


def follow(page: Page, text: str, scope: Page | Locator | None = None) -> None:
    """Follow a link by its Swedish name, then check the page it leads to."""
    target = scope if scope is not None else page.locator("main")
    with page.expect_navigation():
        target.get_by_role("link", name=sv(text), exact=True).first.click()
    check_page(page)


def tab(page: Page, text: str) -> None:
    """Open a part of the case through the tabs under the case heading."""
    follow(page, text, page.get_by_role("navigation", name=sv("Parts of the case")))
    current = page.locator(".case-sections [aria-current=page]")
    expect(current).to_have_text(sv(text))


def success(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(sv(text))


def as_user(new_page, live_server, email: str) -> Page:
    page = new_page()
    log_in(page, live_server, email)
    assert page.locator("html").get_attribute("lang") == "sv"
    return page


def case_of(number: str) -> Case:
    digest = blind_lookup(Person, "identity_index", normalise_identity_number(number))
    return Case.objects.get(person__identity_index=digest)


def today() -> str:
    return timezone.localdate().isoformat()


# --- (a) intake to closure -------------------------------------------------------------------


def test_intake_to_closure(defectors_demo, new_page, live_server):
    page = as_user(new_page, live_server, CASE_OFFICER)
    main = page.locator("main")

    # The case list, and a new intake.
    follow(page, "Defector programme", page.get_by_role("navigation", name=sv("Main menu")))
    follow(page, "New intake")
    intake = IntakeForm()
    field(page, intake, "given_name").fill("Tilde")
    field(page, intake, "family_name").fill("Resasson")
    field(page, intake, "identity_number").fill(NEW_PERSON_NUMBER)
    field(page, intake, "contact").fill("Tel. 070-000 00 99")
    expect(field(page, intake, "date")).to_have_value(today())
    field(page, intake, "source").select_option(label=sv_choice(ReferralSource.POLICE))
    field(page, intake, "group_type").select_option(label=sv_choice(GroupType.CRIMINAL_NETWORK))
    option(page, intake, "threat_indication", ThreatIndication.MEDIUM).check()
    field(page, intake, "motivation_notes").fill("Vill flytta och börja arbeta.")
    press(page, "Create the case")
    page.wait_for_url("**/avhopp/arende/*/")
    check_page(page)
    success(page, "The case was created.")
    case = case_of(NEW_PERSON_NUMBER)
    expect(page.locator("h1")).to_contain_text(case.reference)
    expect(main).to_contain_text("Tilde Resasson")

    # Mapping: a level for a few areas, the threat picture, saved.
    tab(page, "Mapping")
    mapping = MappingForm()
    levels = {
        NeedArea.HOUSING: NeedLevel.ACUTE,
        NeedArea.SAFETY: NeedLevel.MAJOR,
        NeedArea.DEBT: NeedLevel.SOME,
    }
    for area, level in levels.items():
        field(page, mapping, f"{area.value}_level").select_option(label=sv_choice(level))
    field(page, mapping, "housing_notes").fill("Kan inte bo kvar i området.")
    option(page, mapping, "threat_level", ThreatIndication.HIGH).check()
    field(page, mapping, "threat_notes").fill("Hot från det tidigare nätverket.")
    press(page, "Save the mapping")
    check_page(page)
    success(page, "The mapping was saved.")
    saved = Mapping.objects.get(case=case)
    assert saved.threat_level == ThreatIndication.HIGH
    assert {n.area: n.level for n in saved.needs.all() if n.area in levels} == levels
    expect(field(page, mapping, "housing_level")).to_have_value(NeedLevel.ACUTE)

    # The police's risk analysis, registered as received.
    risk = RiskAnalysisForm()
    risk_form = main.locator("form[action$='/kartlaggning/riskanalys/']")
    field(risk_form, risk, "received_on").fill(today())
    field(risk_form, risk, "level").select_option(label=sv_choice(PoliceRiskLevel.HIGH))
    field(risk_form, risk, "police_reference").fill("5000-K999999-26")
    press(page, "Register the risk analysis", risk_form)
    check_page(page)
    success(page, "The police's risk analysis was registered.")
    expect(main.locator("#risk-heading ~ .table-scroll table")).to_contain_text("5000-K999999-26")
    assert PoliceRiskAnalysis.objects.filter(case=case, level=PoliceRiskLevel.HIGH).count() == 1

    # The page suggests the next stage; the link leads to the stage form on the overview.
    follow(page, "Change the status")
    assert page.url.endswith(f"/avhopp/arende/{case.pk}/#status-heading")
    stage_form = main.locator("form[action$='/status/']")
    field(stage_form, StatusChangeForm(case=case), "to_status").select_option(
        label=sv_choice(CaseStatus.RISKANALYS)
    )
    press(page, "Change the stage", stage_form)
    check_page(page)
    success(page, "The status was changed.")
    case.refresh_from_db()
    assert case.status == CaseStatus.RISKANALYS

    # Consent to the police, then something shared under it.
    tab(page, "Consents")
    consent = ConsentForm()
    consent_form = main.locator("form[action$='/samtycken/nytt/']")
    field(consent_form, consent, "agency").select_option(label=sv_choice(Agency.POLISEN))
    field(consent_form, consent, "scope").fill("Uppgifter om boende, för polisens riskanalys.")
    expect(field(consent_form, consent, "given_on")).to_have_value(today())
    next_year = (timezone.localdate() + timedelta(days=365)).isoformat()
    field(consent_form, consent, "expires_on").fill(next_year)
    press(page, "Register the consent", consent_form)
    check_page(page)
    success(page, "The consent was registered.")
    expect(main.locator("#consents tbody tr")).to_have_count(1)
    expect(main.locator("#consents tbody tr")).to_contain_text(sv_choice(Agency.POLISEN))

    disclosure = DisclosureForm(consents=Consent.objects.none())
    disclosure_form = main.locator("form[action$='/samtycken/uppgiftslamnande/']")
    field(disclosure_form, disclosure, "consent").select_option(index=1)
    field(disclosure_form, disclosure, "summary").fill("Nuvarande boende och säkerhetsplan.")
    press(page, "Register what was shared", disclosure_form)
    check_page(page)
    success(page, "What was shared has been registered.")
    expect(main.locator("#disclosures-heading ~ .table-scroll table")).to_contain_text(
        "säkerhetsplan"
    )
    assert Disclosure.objects.filter(consent__case=case).count() == 1

    # The agreement with two conditions, and a follow-up of the first.
    tab(page, "Agreement")
    agreement = AgreementForm()
    agreement_form = main.locator("form[action$='/overenskommelse/ny/']")
    field(agreement_form, agreement, "condition_no_crime").check()
    field(agreement_form, agreement, "condition_drug_tests").check()
    field(agreement_form, agreement, "description_drug_tests").fill("Varannan vecka.")
    press(page, "Register the agreement", agreement_form)
    check_page(page)
    success(page, "The agreement was registered.")
    no_crime = main.locator("section.call-card").filter(
        has=page.get_by_role("heading", name=sv_choice(ConditionKind.NO_CRIME), exact=True)
    )
    follow_up = FollowUpForm()
    expect(field(no_crime, follow_up, "date")).to_have_value(today())
    no_crime.get_by_role("group", name=label(follow_up, "kept")).get_by_label(
        sv("Yes, kept"), exact=True
    ).check()
    field(no_crime, follow_up, "note").fill("Inget nytt hos polisen.")
    press(page, "Register the follow-up", no_crime)
    check_page(page)
    success(page, "The follow-up was registered.")
    expect(no_crime.locator("table tbody tr")).to_have_count(1)

    # The plan: goals, and an intervention with costs typed the Swedish way.
    tab(page, "Plan and interventions")
    field(page, PlanGoalsForm(), "goals").fill("Eget boende och studier inom ett år.")
    press(page, "Save the goals")
    check_page(page)
    success(page, "The goals were saved.")
    intervention = InterventionForm()
    add_form = main.locator("form[action$='/plan/insats/ny/']")
    field(add_form, intervention, "type").select_option(
        label=sv_choice(InterventionType.DEBT_COUNSELLING)
    )
    field(add_form, intervention, "provider").fill("Budget- och skuldrådgivningen")
    field(add_form, intervention, "start_on").fill(today())
    field(add_form, intervention, "status").select_option(
        label=sv_choice(InterventionStatus.ONGOING)
    )
    field(add_form, intervention, "decided_cost").fill("12 500,50")
    field(add_form, intervention, "actual_cost").fill("3 000")
    press(page, "Add the intervention", add_form)
    check_page(page)
    success(page, "The intervention was added.")
    added = Intervention.objects.get(case=case)
    assert (str(added.decided_cost), str(added.actual_cost)) == ("12500.50", "3000.00")
    row = main.locator("#interventions-heading ~ .table-scroll table tbody tr").first
    expect(row).to_contain_text(sv_choice(InterventionType.DEBT_COUNSELLING))
    expect(row.locator("td.num").first).to_have_text("12\u00a0500,50\u00a0kr")

    # The journal: an entry written, signed, then corrected.
    tab(page, "Journal")
    entry_form = JournalEntryForm()
    expect(field(page, entry_form, "occurred_on")).to_have_value(today())
    field(page, entry_form, "text").fill("Första samtalet. Han vill flytta så snart som möjligt.")
    press(page, "Save as draft")
    check_page(page)
    success(page, "The entry was saved as a draft. Sign it when it is finished.")
    with page.expect_navigation():
        main.get_by_role("link", name=sv("Change or sign the draft")).first.click()
    check_page(page)
    sign = main.get_by_role("button", name=sv("Sign the entry"), exact=True)
    sign.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the keyboard is enough to sign
    check_page(page)  # asked once more: a signed entry cannot be changed
    confirm = main.get_by_role("button", name=sv("Yes, sign the entry"), exact=True)
    confirm.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)
    success(page, "The entry was signed. It can no longer be changed.")
    entry = JournalEntry.objects.get(case=case)
    assert entry.signed_at is not None
    with page.expect_navigation():
        main.get_by_role("link", name=sv("Open the entry")).first.click()
    check_page(page)
    correction = CorrectionForm()
    field(page, correction, "text").fill("Rättelse: han vill flytta inom två månader.")
    press(page, "Save the correction as a draft")
    check_page(page)
    success(page, "The correction was saved as a draft. Sign it when it is finished.")
    assert JournalEntry.objects.get(case=case, corrects=entry).signed_at is None
    expect(main.locator(".ds-tag", has_text=sv("Corrected"))).to_have_count(1)

    # A task for the team.
    tab(page, "Tasks")
    task = TaskForm(team=None)
    field(page, task, "title").fill("Boka möte med Kronofogden")
    field(page, task, "due_on").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    press(page, "Add the task")
    check_page(page)
    success(page, "The task was added.")
    expect(main.locator("table tbody tr")).to_contain_text("Boka möte med Kronofogden")
    assert CaseTask.objects.filter(case=case, done_at=None).count() == 1

    # Closure with an outcome, from the overview.
    tab(page, "Overview")
    follow(page, "Close the case")
    close = CaseCloseForm()
    option(page, close, "outcome", Outcome.COMPLETED).check()
    expect(field(page, close, "closed_on")).to_have_value(today())
    field(page, close, "note").fill("Har flyttat och studerar.")
    press(page, "Close the case")
    check_page(page)
    success(page, "The case was closed.")
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.AVSLUTAT, Outcome.COMPLETED)
    summary = page.locator(".case-summary")
    expect(summary).to_contain_text(sv_choice(CaseStatus.AVSLUTAT))
    expect(summary).to_contain_text(sv_choice(Outcome.COMPLETED))
    expect(main.get_by_role("button", name=sv("Reopen the case"))).to_be_visible()
    expect(main.get_by_role("link", name=sv("Close the case"), exact=True)).to_have_count(0)

    # Read only: no part of the case offers a form to write with any more.
    parts = ("Mapping", "Consents", "Agreement", "Plan and interventions", "Documents", "Tasks")
    for part in (*parts, "Person and contacts"):
        tab(page, part)
        expect(main.locator("form[method=post]")).to_have_count(0)
    tab(page, "Journal")
    expect(main).to_contain_text(
        sv("The case is closed. The journal can be read but nothing can be added.")
    )
    expect(main.locator("form[method=post]")).to_have_count(0)


# --- (b) emergency access, seen in the log review --------------------------------------------


def test_emergency_access_with_a_reason_shows_in_the_log_review(
    defectors_demo, new_page, live_server
):
    adam = case_of(ADAM)
    grants = AuditEvent.objects.filter(action="defectors.emergency.grant", target_id=str(adam.pk))
    granted_before = grants.count()  # the demo has an earlier one, for the log review
    notes_before = AuditEvent.objects.filter(
        action="defectors.emergency.note", target_id=str(adam.pk)
    ).count()
    colleague = as_user(new_page, live_server, COLLEAGUE)
    follow(
        colleague, "Defector programme", colleague.get_by_role("navigation", name=sv("Main menu"))
    )
    follow(
        colleague,
        "Emergency access: open a case of your unit that you are not on the team of",
    )
    form = EmergencyAccessForm()
    # The keyboard alone: type, Tab to the next field, Enter on the button.
    field(colleague, form, "reference").focus()
    colleague.keyboard.type(adam.reference)
    colleague.keyboard.press("Tab")
    assert colleague.evaluate("document.activeElement.id") == "id_reason"
    colleague.keyboard.type("Polisen ringer om ett akut hot och teamet går inte att nå.")
    colleague.keyboard.press("Tab")
    focused = colleague.evaluate("document.activeElement.textContent.trim()")
    assert focused == sv("Open the case")
    with colleague.expect_navigation():
        colleague.keyboard.press("Enter")
    assert colleague.url.endswith(f"/avhopp/arende/{adam.pk}/")
    check_page(colleague)
    banner = colleague.locator("main .ds-alert[data-color=danger][role=status]")
    expect(banner).to_be_visible()
    expect(colleague.locator("h1")).to_contain_text(adam.reference)
    assert grants.count() == granted_before + 1
    # Read-only: no status form; the one thing to write is the note of what was done and why.
    expect(colleague.locator("select[name=to_status]")).to_have_count(0)
    colleague.get_by_label(sv("What you did and why")).fill(
        "Läste hotbilden och ringde polisen om kvällen."
    )
    press(colleague, "Save the note")
    check_page(colleague)
    expect(banner).to_contain_text("ringde polisen om kvällen")

    reviewer = as_user(new_page, live_server, LOG_REVIEWER)
    follow(reviewer, "Access log", reviewer.get_by_role("navigation", name=sv("Main menu")))
    reviewer.get_by_label(sv("Only emergency access"), exact=True).check()
    press(reviewer, "Filter")
    check_page(reviewer)
    assert "emergency=on" in reviewer.url
    rows = reviewer.locator("main table tbody tr")
    expect(rows.first).to_contain_text(sv("Emergency access"))
    opened = rows.filter(has_text="Öppnade ett ärende").filter(has_text=adam.reference)
    expect(opened.first).to_contain_text("Hugo Handläggare")
    granted = rows.filter(has_text="Öppnade ett ärende med nödåtkomst")
    expect(granted).to_have_count(granted_before + 1)
    noted = rows.filter(has_text="Skrev en anteckning under nödåtkomst")
    expect(noted).to_have_count(notes_before + 1)
    for text in rows.all_inner_texts():
        assert sv("Emergency access") in text, text
        assert "Provsson" not in text  # the log review shows references, never names


# --- (c) log review sign-off ----------------------------------------------------------------


def test_log_reviewer_signs_off_a_period(defectors_demo, new_page, live_server):
    page = as_user(new_page, live_server, LOG_REVIEWER)
    follow(page, "Access log", page.get_by_role("navigation", name=sv("Main menu")))
    follow(page, "Sign off a review period", page.get_by_role("navigation", name=sv("Log review")))
    start = timezone.localdate() - timedelta(days=7)
    end = timezone.localdate() - timedelta(days=1)
    page.get_by_label(sv("Period from"), exact=True).fill(start.isoformat())
    page.get_by_label(sv("Period to"), exact=True).fill(end.isoformat())
    findings = "Gick igenom nödåtkomst och åtkomst utanför kontorstid. Inget att anmärka."
    page.get_by_label(sv("What you reviewed and found"), exact=True).fill(findings)
    press(page, "Sign off the period")
    check_page(page)
    success(page, "The review period has been signed off.")
    row = page.locator("main table tbody tr").first
    expect(row.locator("th")).to_have_text(f"{start.isoformat()} \u2013 {end.isoformat()}")
    expect(row).to_contain_text(findings)
    expect(row).to_contain_text("Leo Logggranskare")
    signoff = ReviewSignoff.objects.get()
    assert (signoff.period_start, signoff.period_end) == (start, end)
    assert AuditEvent.objects.filter(action__startswith="audit.review.").exists()


# --- (d) register extract --------------------------------------------------------------------


def test_register_extract_as_json_and_pdf(defectors_demo, new_page, live_server):
    adam = case_of(ADAM)
    extracts = AuditEvent.objects.filter(action="defectors.extract.create", target_id=str(adam.pk))
    page = as_user(new_page, live_server, CASE_OFFICER)
    page.goto(f"{live_server.url}/avhopp/arende/{adam.pk}/")
    check_page(page)
    follow(page, "Register extract for the person")
    assert page.url.endswith(f"/avhopp/arende/{adam.pk}/registerutdrag/")
    main = page.locator("main")

    with page.expect_download() as json_download:
        main.get_by_role(
            "link", name=sv("Download the register extract as JSON (machine-readable)")
        ).click()
    filename = json_download.value.suggested_filename
    assert filename.endswith(".json") and "Provsson" not in filename
    data = json.loads(json_download.value.path().read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert "Adam" in text and "Provsson" in text
    assert "Maria" not in text  # the relative is a third party: left out

    with page.expect_download() as pdf_download:
        main.get_by_role("link", name=sv("Download the register extract as PDF")).click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    assert pdf_download.value.path().read_bytes().startswith(b"%PDF")

    # What the browser is told about the files.
    for suffix, content_type in (("json", "application/json"), ("pdf", "application/pdf")):
        response = page.request.get(
            f"{live_server.url}/avhopp/arende/{adam.pk}/registerutdrag.{suffix}"
        )
        assert response.status == 200
        assert response.headers["content-type"].startswith(content_type)
        assert response.headers["content-disposition"].startswith("attachment")
        assert response.headers["cache-control"] == "no-store"
    assert extracts.count() == 4  # every download is audited
