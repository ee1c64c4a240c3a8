"""Limits on guessing and on mail sent on request (accounts.throttle).

A stranger who knows an e-mail address must not be able to lock its owner out, password
spraying from one address must stop (a right guess included), and a forgotten-password form
must not become a way to fill someone's inbox."""

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from trygg.accounts.models import ThrottleEntry
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
RIGHT = "correct horse battery"


def client_at(address: str, **headers) -> Client:
    return Client(REMOTE_ADDR=address, **headers)


def test_a_stranger_guessing_cannot_lock_the_owner_out(make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    stranger = client_at("203.0.113.9")
    for _ in range(6):
        stranger.post(LOGIN, {"username": user.email, "password": "guess"})
    assert stranger.post(LOGIN, {"username": user.email, "password": RIGHT}).status_code == 429
    owner = client_at("198.51.100.20")
    assert owner.post(LOGIN, {"username": user.email, "password": RIGHT}).status_code == 302


@override_settings(TRYGG_THROTTLE_ADDRESS_ATTEMPTS=20)
def test_password_spraying_from_one_address_is_stopped_right_guess_included(make_user):
    users = [make_user(Role.SOKANDE, with_device=False) for _ in range(12)]
    sprayer = client_at("203.0.113.7")
    answers = [
        sprayer.post(LOGIN, {"username": user.email, "password": f"Sommar202{n}"}).status_code
        for n in range(3)
        for user in users
    ]
    assert answers[:19] == [200] * 19
    assert set(answers[19:]) == {429}  # the 20th failure reaches the limit; the rest are refused
    response = sprayer.post(LOGIN, {"username": users[0].email, "password": RIGHT})
    assert response.status_code == 429
    assert "_auth_user_id" not in sprayer.session
    assert "från ditt nätverk" in response.content.decode()
    # Colleagues elsewhere are not affected.
    assert (
        client_at("198.51.100.1")
        .post(LOGIN, {"username": users[0].email, "password": RIGHT})
        .status_code
        == 302
    )
    assert AuditEvent.objects.filter(
        action="accounts.login.lockout", payload={"limit": "address"}
    ).exists()


@override_settings(TRYGG_THROTTLE_ACCOUNT_ATTEMPTS=12)
def test_guessing_from_many_addresses_meets_the_slower_limit_per_account(make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    for n in range(3):  # three addresses, each staying under its own limit of five
        guesser = client_at(f"203.0.113.{n + 1}")
        for _ in range(4):
            guesser.post(LOGIN, {"username": user.email, "password": "guess"})
    owner = client_at("198.51.100.20")
    response = owner.post(LOGIN, {"username": user.email, "password": RIGHT})
    assert response.status_code == 429
    assert "från flera håll" in response.content.decode()
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=61)):
        assert owner.post(LOGIN, {"username": user.email, "password": RIGHT}).status_code == 302


def test_a_successful_login_forgets_the_failures_from_that_address_only(make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    office = client_at("198.51.100.20")
    for _ in range(4):
        office.post(LOGIN, {"username": user.email, "password": "typo"})
    client_at("203.0.113.9").post(LOGIN, {"username": user.email, "password": "guess"})
    assert office.post(LOGIN, {"username": user.email, "password": RIGHT}).status_code == 302
    assert ThrottleEntry.objects.count() == 1  # the stranger's attempt still counts


def test_second_factor_guesses_from_one_address_lock_only_there(make_user):
    user = make_user(Role.HANDLAGGARE)
    thief = client_at("203.0.113.5")  # knows the password, not the code
    thief.post(LOGIN, {"username": user.email, "password": RIGHT})
    answers = [thief.post("/konto/logga-in/kod/", {"code": "000000"}).status_code for _ in range(5)]
    assert answers[-1] == 429
    owner = client_at("198.51.100.20")
    assert owner.post(LOGIN, {"username": user.email, "password": RIGHT}).status_code == 302


def test_the_table_keeps_no_address_and_no_typed_email(make_user):
    client_at("203.0.113.77").post(LOGIN, {"username": "nobody@example.org", "password": "x"})
    row = ThrottleEntry.objects.get()
    assert "203.0.113" not in row.address and "nobody" not in row.account
    assert len(row.address) == len(row.account) == 64


@override_settings(TRYGG_BEHIND_PROXY=True, TRYGG_PROXY_COUNT=1)
def test_behind_the_proxy_the_address_it_saw_is_used_not_one_the_client_made_up(make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    for n in range(6):  # a made-up first entry each time; the proxy appends the real one
        client_at("10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9").post(
            LOGIN, {"username": user.email, "password": "guess"}
        )
    same = client_at("10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9")
    assert same.post(LOGIN, {"username": user.email, "password": RIGHT}).status_code == 429
    other = client_at("10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.post(LOGIN, {"username": user.email, "password": RIGHT}).status_code == 302


def test_old_entries_are_deleted_as_new_ones_arrive(make_user):
    client = client_at("203.0.113.1")
    client.post(LOGIN, {"username": "a@example.org", "password": "x"})
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=2)):
        client.post(LOGIN, {"username": "b@example.org", "password": "x"})
    assert ThrottleEntry.objects.count() == 1


# --- Mail on request ---------------------------------------------------------------------


def test_a_forgotten_password_mail_goes_out_at_most_three_times_an_hour(make_user):
    user = make_user(Role.SOKANDE, with_device=False)
    answers = []
    for n in range(23):
        client = client_at(f"203.0.113.{n + 1}")  # from many addresses, too
        answers.append(client.post("/konto/glomt-losenord/", {"email": user.email}))
    assert len(mail.outbox) == 3
    # The page looks the same whether a mail went out or not: it never tells who has an account.
    assert {response.status_code for response in answers} == {302}
    assert {response["Location"] for response in answers} == {"/konto/glomt-losenord/skickat/"}


def test_one_address_asking_for_many_accounts_is_told_to_wait(make_user):
    users = [make_user(Role.SOKANDE, with_device=False) for _ in range(11)]
    client = client_at("203.0.113.50")
    answers = [
        client.post("/konto/glomt-losenord/", {"email": user.email}).status_code for user in users
    ]
    assert answers == [302] * 10 + [429]
    assert len(mail.outbox) == 10


def test_the_invitation_can_be_sent_again_a_few_times(
    make_user, login, client, huddinge, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    admin = make_user(Role.SYSTEMADMINISTRATOR, organisation=huddinge)
    login(admin)
    invited = make_user(Role.SOKANDE, with_device=False)
    invited.set_unusable_password()
    invited.save()
    url = f"/konto/anvandare/{invited.pk}/inbjudan/"
    page = client.get(f"/konto/anvandare/{invited.pk}/").content.decode()
    assert url in page
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, follow=True)
    assert len(mail.outbox) == 3
    assert "redan skickats flera gånger" in response.content.decode()
    assert AuditEvent.objects.filter(action="accounts.invitation.resend").count() == 3
    # Someone who has chosen a password gets no invitation.
    active = UserFactory()
    from tests.factories import MembershipFactory

    MembershipFactory(user=active, organisation=invited.memberships.get().organisation)
    client.post(f"/konto/anvandare/{active.pk}/inbjudan/")
    assert len(mail.outbox) == 3
