"""Cooperation between Södertörn municipalities in real Chromium: a case transfer refused
without consent, proposed with it, accepted by the receiving unit manager, and seen by each
side as it should be. Every page on the way is checked (axe, one h1, clean console)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from tests.browser.test_defector_journeys import (
    ADAM,
    CASE_OFFICER,
    as_user,
    case_of,
    field,
    follow,
    press,
    sv,
    sv_choice,
    tab,
    today,
)
from trygg.defectors.consents.forms import ConsentForm
from trygg.defectors.constants import (
    Agency,
    GroupType,
    GuardianBasis,
    ReferralStatus,
    SharedField,
    ThreatIndication,
    TransferStatus,
)
from trygg.defectors.inbound.forms import InboundAcceptForm
from trygg.defectors.models import Consent, Inbound, Referral, Transfer
from trygg.defectors.referrals.forms import ReferralAnswerForm, ReferralForm
from trygg.defectors.transfers.forms import TransferAcceptForm, TransferProposeForm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECEIVING_CHEF = "chef@haninge.example"
RECEIVING_OFFICER = "handlaggare@haninge.example"
REASON = "Adam flyttar till Haninge av skyddsskäl och behöver fortsatt stöd där."


def test_transfer_proposed_accepted_and_seen_on_both_sides(defectors_demo, new_page, live_server):
    adam = case_of(ADAM)
    old_reference = adam.reference
    hanna = as_user(new_page, live_server, CASE_OFFICER)
    hanna.goto(f"/avhopp/arende/{adam.pk}/")
    tab(hanna, "Transfer")
    check_page(hanna)

    # Without the person's consent (or a legal ground) the transfer is refused, next to the field.
    propose = TransferProposeForm(municipalities=None, consents=None)
    field(hanna, propose, "to_municipality").select_option(label="Haninge kommun")
    field(hanna, propose, "reason").fill(REASON)
    press(hanna, "Propose the transfer")
    check_page(hanna)
    expect(hanna.locator("main")).to_contain_text(
        sv(
            "A transfer needs the person's consent to share information with the other "
            "municipality, or a legal ground. Record the consent under Consents first, or "
            "choose the legal ground."
        )
    )
    assert not Transfer.objects.filter(case=adam).exists()

    # The consent to share with Haninge, recorded under Consents.
    tab(hanna, "Consents")
    consent = ConsentForm()
    field(hanna, consent, "agency").select_option(label=sv_choice(Agency.OTHER_MUNICIPALITY))
    field(hanna, consent, "agency_name").fill("Haninge kommun")
    field(hanna, consent, "scope").fill("Det som behövs för att flytta ärendet.")
    press(hanna, "Register the consent")
    check_page(hanna)

    tab(hanna, "Transfer")
    field(hanna, propose, "to_municipality").select_option(label="Haninge kommun")
    field(hanna, propose, "reason").fill(REASON)
    field(hanna, propose, "consent").select_option(index=1)
    press(hanna, "Propose the transfer")
    check_page(hanna)
    expect(hanna.locator("main")).to_contain_text(sv("Withdraw the proposal"))

    # Haninge's unit manager: the reason, not the person, until accepted.
    chef = as_user(new_page, live_server, RECEIVING_CHEF)
    follow(chef, "Defector programme", chef.get_by_role("navigation", name=sv("Main menu")))
    follow(chef, "Cases proposed to your municipality")
    transfer = Transfer.objects.get(case=adam, status=TransferStatus.PROPOSED)
    with chef.expect_navigation():
        chef.locator(f"main a[href='/avhopp/overflyttningar/{transfer.pk}/']").click()
    check_page(chef)
    main = chef.locator("main")
    expect(main).to_contain_text(REASON)
    expect(main).not_to_contain_text("Provsson")
    field(chef, TransferAcceptForm(officers=None), "case_officer").select_option(
        label="Hiba Handläggare"
    )
    press(chef, "Accept the case")
    check_page(chef)
    adam.refresh_from_db()
    assert adam.municipality.scb_code == "0136"

    # Haninge's case officer has the case, and its history shows where it came from.
    hiba = as_user(new_page, live_server, RECEIVING_OFFICER)
    follow(hiba, "Defector programme", hiba.get_by_role("navigation", name=sv("Main menu")))
    expect(hiba.locator("main")).to_contain_text("Provsson")
    hiba.goto(f"/avhopp/arende/{adam.pk}/")
    check_page(hiba)
    expect(hiba.locator("main")).to_contain_text("Huddinge kommun")
    expect(hiba.locator("main")).to_contain_text(old_reference)

    # Huddinge's case officer: the case is gone from her list; her own entries stay readable.
    response = hanna.goto(f"/avhopp/arende/{adam.pk}/")
    assert response.status == 404
    hanna.goto("/avhopp/")
    follow(hanna, "Cases you handed over")
    follow(hanna, old_reference)
    expect(hanna.locator("main")).to_contain_text(
        sv("Journal entries written while the case was yours")
    )
    expect(hanna.locator("main article").first).to_be_visible()


KEVIN = "20100823-1464"
POLICE_CONTACT = "polis@huddinge.example"
PURPOSE = "Kevin har sett ett rån och vill berätta vad han vet, men är rädd."


def _refer_kevin_to_the_police(page) -> None:
    form = ReferralForm(partners=None)
    field(page, form, "partner").select_option(label="Polisen")
    field(page, form, "purpose").fill(PURPOSE)
    page.get_by_label(sv_choice(SharedField.NAME), exact=True).check()
    page.get_by_label(sv_choice(SharedField.CASE_OFFICER), exact=True).check()
    press(page, "Record the referral")
    check_page(page)


def test_referral_blocked_without_consent_answered_by_the_agency_then_consent_withdrawn(
    defectors_demo, new_page, live_server
):
    kevin = case_of(KEVIN)
    hanna = as_user(new_page, live_server, CASE_OFFICER)
    hanna.goto(f"/avhopp/arende/{kevin.pk}/")
    tab(hanna, "Referrals")
    check_page(hanna)

    # No consent for the police yet: blocked, with the reason next to the field.
    _refer_kevin_to_the_police(hanna)
    expect(hanna.locator("#id_partner_error")).to_contain_text("Polisen")
    assert not Referral.objects.filter(case=kevin).exists()

    # The consent, then the referral.
    tab(hanna, "Consents")
    consent = ConsentForm()
    field(hanna, consent, "agency").select_option(label=sv_choice(Agency.POLISEN))
    field(hanna, consent, "scope").fill("Namn och kontakt via handläggaren.")
    # Kevin is 16: without the guardians' part the consent is refused, next to the field.
    press(hanna, "Register the consent")
    expect(hanna.locator("#id_guardian_basis_error")).to_be_visible()
    field(hanna, consent, "guardian_basis").select_option(label=sv_choice(GuardianBasis.GIVEN))
    press(hanna, "Register the consent")
    check_page(hanna)
    tab(hanna, "Referrals")
    _refer_kevin_to_the_police(hanna)
    referral = Referral.objects.get(case=kevin)
    expect(hanna.locator("main table")).to_contain_text(sv_choice(ReferralStatus.SENT))

    # The police contact sees it, with exactly the chosen parts, and answers.
    police = as_user(new_page, live_server, POLICE_CONTACT)
    follow(police, "Referrals", police.get_by_role("navigation", name=sv("Main menu")))
    with police.expect_navigation():
        police.locator(f"main a[href='/avhopp/partner/{referral.pk}/']").click()
    check_page(police)
    main = police.locator("main")
    expect(main).to_contain_text("Kevin Exempelsson")
    expect(main).to_contain_text(PURPOSE)
    expect(main).not_to_contain_text("070-000 00 02")  # contact details were not chosen
    police.get_by_label(sv_choice(ReferralStatus.NEEDS_MORE), exact=True).check()
    field(police, ReferralAnswerForm(), "answer").fill("Vi behöver veta var han kan nås.")
    press(police, "Send the answer")
    check_page(police)

    # The case officer sees the answer; the person withdraws the consent.
    hanna.reload()
    expect(hanna.locator("main table")).to_contain_text("Vi behöver veta var han kan nås.")
    tab(hanna, "Consents")
    withdraw = hanna.locator("form[action$='/samtycken/aterkalla/']")
    police_consent = Consent.objects.get(case=kevin, agency=Agency.POLISEN)
    withdraw.locator("select").select_option(value=str(police_consent.pk))
    press(hanna, "Register the withdrawal", withdraw)
    tab(hanna, "Referrals")
    expect(hanna.locator("main table")).to_contain_text(
        sv("Withdrawn %(date)s: nothing more may be shared") % {"date": today()}
    )
    police.reload()
    check_page(police)
    expect(police.locator("main")).not_to_contain_text(PURPOSE)
    expect(police.locator("main")).not_to_contain_text("Kevin")


UNIT_MANAGER = "chef@huddinge.example"


def test_incoming_handover_accepted_into_a_case(defectors_demo, new_page, live_server):
    chef = as_user(new_page, live_server, UNIT_MANAGER)
    follow(chef, "Defector programme", chef.get_by_role("navigation", name=sv("Main menu")))
    follow(chef, "Handovers and referrals from agencies")
    with chef.expect_navigation():
        chef.locator("main table a").first.click()
    check_page(chef)
    expect(chef.locator("main")).to_contain_text("Omar Frigivningsson")
    accept = InboundAcceptForm(officers=None)
    field(chef, accept, "case_officer").select_option(label="Hanna Handläggare")
    field(chef, accept, "group_type").select_option(label=sv_choice(GroupType.CRIMINAL_NETWORK))
    chef.get_by_label(sv_choice(ThreatIndication.HIGH), exact=True).check()
    press(chef, "Accept and open the case")
    check_page(chef)
    inbound = Inbound.objects.get()
    assert inbound.case is not None

    hanna = as_user(new_page, live_server, CASE_OFFICER)
    follow(hanna, "Defector programme", hanna.get_by_role("navigation", name=sv("Main menu")))
    expect(hanna.locator("main")).to_contain_text("Omar Frigivningsson")
    hanna.goto(f"/avhopp/arende/{inbound.case_id}/uppgifter/")
    check_page(hanna)
    expect(hanna.locator("main")).to_contain_text("Kriminalvården")
