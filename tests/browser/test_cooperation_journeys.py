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
)
from trygg.defectors.consents.forms import ConsentForm
from trygg.defectors.constants import Agency, TransferStatus
from trygg.defectors.models import Transfer
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
