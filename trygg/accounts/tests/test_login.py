import pytest
from django.test import Client, override_settings

from conftest import current_code
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
VERIFY = "/konto/logga-in/kod/"


def test_login_form_has_autocomplete_for_password_managers(client):
    html = client.get(LOGIN).content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html


def test_code_field_has_one_time_code_autocomplete(client, make_user):
    user = make_user(Role.HANDLAGGARE)
    client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    html = client.get(VERIFY).content.decode()
    assert 'autocomplete="one-time-code"' in html


def test_password_alone_does_not_log_in_a_2fa_role(client, make_user):
    user = make_user(Role.HANDLAGGARE)
    response = client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert response["Location"] == VERIFY
    # Skipping the code step: every protected page still sends the visitor to the login.
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_correct_code_completes_login_and_is_audited(client, make_user):
    user = make_user(Role.HANDLAGGARE)
    client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    response = client.post(VERIFY, {"code": current_code(user)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.filter(action="accounts.login.success").last()
    assert event.actor_id == user.pk
    assert event.payload == {"factor": "totp"}


def test_wrong_code_shows_message_next_to_field(client, make_user):
    user = make_user(Role.HANDLAGGARE)
    client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_recovery_code_logs_in_once(client, make_user):
    from trygg.accounts.services import recovery_codes_regenerate

    user = make_user(Role.SAMORDNARE)
    code = recovery_codes_regenerate(user=user)[0]
    client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post("/konto/logga-ut/")
    client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert client.post(VERIFY, {"code": code}).status_code == 200  # used up


def test_user_without_device_in_2fa_role_must_enrol_first(client, make_user):
    user = make_user(Role.GRANSKARE, with_device=False)
    response = client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert response["Location"] == "/konto/tvastegsverifiering/aktivera/"
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role", [Role.ANALYTIKER, Role.HANDLAGGARE])
def test_roles_that_see_cases_or_case_statistics_need_2fa_whatever_the_setting(
    client, make_user, settings, role
):
    settings.TRYGG_2FA_ROLES = []  # a municipality cannot switch the second factor off
    user = make_user(role, with_device=False)
    response = client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert response["Location"] == "/konto/tvastegsverifiering/aktivera/"


def test_the_setting_can_add_a_role_to_those_that_need_2fa(client, make_user, settings):
    settings.TRYGG_2FA_ROLES = [Role.SOKANDE]
    user = make_user(Role.SOKANDE, with_device=False)
    response = client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert response["Location"] == "/konto/tvastegsverifiering/aktivera/"


def test_enrolment_confirms_device_logs_in_and_shows_recovery_codes(client, make_user):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(Role.GRANSKARE, with_device=False)
    client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    page = client.get("/konto/tvastegsverifiering/aktivera/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        "/konto/tvastegsverifiering/aktivera/", {"code": f"{totp(device.bin_key):06d}"}
    )
    assert response["Location"] == "/konto/tvastegsverifiering/reservkoder/"
    codes_page = client.get(response["Location"]).content.decode()
    assert codes_page.count("<code>") == 10
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.totp.enrol", actor_id=user.pk).exists()


def test_applicant_without_2fa_role_logs_in_with_password(client, make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    response = client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_gives_one_message_and_no_session(client, make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    response = client.post(LOGIN, {"username": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="accounts.login.fail")
    assert event.target_id == str(user.pk)
    assert user.email not in str(event.payload)


@override_settings(TRYGG_LOCKOUT_ATTEMPTS=5)
def test_five_failures_lock_the_account_even_with_the_right_password(client, make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    for _ in range(5):
        client.post(LOGIN, {"username": user.email, "password": "wrong"})
    response = client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    lockout = AuditEvent.objects.get(action="accounts.login.lockout")
    assert lockout.target_id == str(user.pk)
    assert lockout.payload == {"limit": "account_address"}
    assert response["Retry-After"]


def test_failed_codes_count_toward_the_lockout(client, make_user):
    user = make_user(Role.HANDLAGGARE)
    client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    for _ in range(4):
        client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 429
    # Locked: even the right password and code do not get in now.
    client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_cooloff(client, make_user):
    import time_machine
    from django.utils import timezone

    user = make_user(Role.SOKANDE, with_device=False)
    for _ in range(5):
        client.post(LOGIN, {"username": user.email, "password": "wrong"})
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        response = client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
        assert response.status_code == 302


def test_open_redirect_is_refused(client, make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    response = client.post(
        LOGIN,
        {
            "username": user.email,
            "password": "correct horse battery",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"


def test_changing_letter_case_does_not_escape_the_lockout(client, make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    for index in range(5):
        variant = user.email.upper() if index % 2 else f" {user.email} "
        client.post(LOGIN, {"username": variant, "password": "wrong"})
    response = client.post(LOGIN, {"username": user.email, "password": "correct horse battery"})
    assert response.status_code == 429


@override_settings(TRYGG_LOCKOUT_ATTEMPTS=5)
def test_wrong_current_passwords_on_the_change_page_lock_the_account(make_user, login, client):
    user = make_user(Role.SOKANDE, with_device=False)
    login(user)
    wrong = {
        "old_password": "guess",
        "new_password": "Ett-nytt-l0senord",
        "new_password_again": "x",
    }
    for _ in range(4):
        assert client.post("/konto/losenord/", wrong).status_code == 200
    assert client.post("/konto/losenord/", wrong).status_code == 429
    right = {
        "old_password": "correct horse battery",
        "new_password": "Ett-nytt-l0senord-2026",
        "new_password_again": "Ett-nytt-l0senord-2026",
    }
    assert client.post("/konto/losenord/", right).status_code == 429  # locked: not changed
    user.refresh_from_db()
    assert user.check_password("correct horse battery")
    steps = AuditEvent.objects.filter(action="accounts.login.fail").values_list(
        "payload", flat=True
    )
    assert {"step": "password_change"} in list(steps)


@override_settings(TRYGG_LOCKOUT_ATTEMPTS=5)
def test_reauthentication_is_refused_while_the_account_is_locked(make_user, login, client):
    user = make_user(Role.GRANSKARE)
    login(user)
    elsewhere = Client()  # someone on the same network locks the account by guessing
    for _ in range(5):
        elsewhere.post(LOGIN, {"username": user.email, "password": "wrong"})
    response = client.post(
        "/konto/bekrafta/", {"password": "correct horse battery", "code": current_code(user)}
    )
    assert response.status_code == 429
