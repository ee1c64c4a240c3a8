"""An account's life in the real UI: invited, chooses a password, sets up two-step
verification, reaches the start page; the administrator sends the invitation again and
deactivates the account."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import check_page, log_in, submit
from trygg.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN = "admin@huddinge.example"
NEW = "nina.ny@huddinge.example"
PASSWORD = "Ett-eget-l0senord-2026"


def code_for(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, step=30, t0=0, digits=6):06d}"


def test_invitation_password_two_step_setup_and_start_page(demo, new_page, live_server, mailoutbox):
    admin = new_page()
    log_in(admin, live_server, ADMIN)
    admin.goto(f"{live_server.url}/konto/anvandare/ny/")
    admin.get_by_label("Namn", exact=True).fill("Nina Ny")
    admin.get_by_label("E-postadress", exact=True).fill(NEW)
    admin.get_by_label("Organisation", exact=True).select_option(label="Kommunstyrelsen")
    admin.get_by_label("Roll", exact=True).select_option(label="Granskare")
    admin.get_by_role("button", name="Skapa användare").click()
    admin.wait_for_url("**/konto/anvandare/*/")
    expect(admin.locator("main")).to_contain_text("Inte valt ännu")

    # The administrator sends it again (the first mail went astray).
    admin.get_by_role("button", name="Skicka inbjudan igen").click()
    expect(admin.locator(".messages")).to_contain_text("Inbjudan skickades igen.")
    check_page(admin)
    assert [m.to for m in mailoutbox] == [[NEW], [NEW]]

    link = re.search(r"https?://\S+/konto/nytt-losenord/\S+", mailoutbox[-1].body).group(0)
    nina = new_page()
    nina.goto(live_server.url + "/" + link.split("/", 3)[3])
    check_page(nina)
    nina.get_by_label("Nytt lösenord", exact=True).fill(PASSWORD)
    nina.get_by_label("Bekräfta nytt lösenord", exact=True).fill(PASSWORD)
    submit(nina)
    nina.wait_for_url("**/konto/logga-in/")
    expect(nina.locator(".messages")).to_contain_text("Ditt lösenord är sparat")
    check_page(nina)

    nina.fill("#id_username", NEW)
    nina.fill("#id_password", PASSWORD)
    submit(nina)
    nina.wait_for_url("**/tvastegsverifiering/aktivera/")
    check_page(nina)
    secret = nina.locator("code.secret").inner_text()
    nina.fill("#id_code", code_for(secret))
    submit(nina)
    nina.wait_for_url("**/tvastegsverifiering/reservkoder/")
    check_page(nina)
    nina.get_by_role("link", name="Jag har sparat koderna").click()
    nina.wait_for_url(f"{live_server.url}/")
    expect(nina.locator("h1")).to_have_count(1)
    check_page(nina)

    # She leaves: the administrator deactivates the account and her open session ends.
    admin.reload()
    admin.get_by_role("button", name="Avaktivera kontot").click()
    expect(admin.locator(".messages")).to_contain_text("Kontot är avaktiverat")
    check_page(admin)
    nina.reload()
    nina.wait_for_url("**/konto/logga-in/**")
    assert not User.objects.get(email=NEW).is_active
