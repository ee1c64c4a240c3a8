"""Issuing and revoking tokens: the key is shown once, only its hash is kept, both are audited."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import MembershipFactory
from trygg.api.models import ApiToken
from trygg.audit.models import AuditEvent
from trygg.core.roles import Role

pytestmark = pytest.mark.django_db


def create_token(*args):
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue()


def key_in(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("trygg_"))


def test_command_prints_the_key_once_and_stores_only_its_hash(applicant):
    output = create_token(applicant.email, "--scope", "fund:read")
    key = key_in(output)
    _trygg, prefix, secret = key.split("_", 2)
    assert output.count(secret) == 1
    token = ApiToken.objects.get()
    assert token.prefix == prefix
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    dump = io.StringIO()
    call_command("dumpdata", "api", "audit", stdout=dump)
    assert secret not in dump.getvalue()
    assert prefix in dump.getvalue()


def test_command_acts_in_the_users_only_membership_for_ninety_days(applicant):
    create_token(applicant.email, "--scope", "fund:read", "--scope", "fund:write")
    token = ApiToken.objects.get()
    assert token.membership == applicant.memberships.get()
    assert token.scopes == ["fund:read", "fund:write"]
    assert token.revoked_at is None and token.last_used_at is None
    assert timedelta(days=89, hours=23) < token.expires_at - timezone.now() <= timedelta(days=90)


def test_command_accepts_a_shorter_lifetime(applicant):
    create_token(applicant.email, "--scope", "fund:read", "--days", "7")
    lifetime = ApiToken.objects.get().expires_at - timezone.now()
    assert timedelta(days=6) < lifetime <= timedelta(days=7)


def test_token_creation_is_audited_with_ids_only(applicant):
    create_token(applicant.email, "--scope", "fund:read", "--name", "Rapport till KS")
    token = ApiToken.objects.get()
    event = AuditEvent.objects.get(action="api.token.create")
    membership = applicant.memberships.get()
    assert (event.target_type, event.target_id) == ("api.apitoken", str(token.pk))
    assert event.organisation_id == membership.organisation_id
    assert event.payload == {
        "user": applicant.pk,
        "membership": membership.pk,
        "scopes": ["fund:read"],
        "days": 90,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@test.example", "--scope", "fund:read"], "No user"),
        (["{email}", "--scope", "fund:delete"], "Unknown scope fund:delete"),
        (["{email}", "--scope", "fund:read", "--days", "0"], r"1 (to|till) 365 (days|dagar)"),
        (["{email}", "--scope", "fund:read", "--days", "366"], r"1 (to|till) 365 (days|dagar)"),
        (["{email}", "--scope", "fund:read", "--membership", "999999"], "no membership with id"),
    ],
)
def test_command_refuses_what_it_cannot_issue(applicant, args, message):
    args = [arg.format(email=applicant.email) for arg in args]
    with pytest.raises(CommandError, match=message):
        create_token(*args)
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api.token.create").exists()


def test_command_needs_a_scope(applicant):
    with pytest.raises(CommandError):
        create_token(applicant.email)


def test_command_requires_a_choice_between_several_memberships(applicant, ks):
    second = MembershipFactory(user=applicant, organisation=ks, role=Role.SAMORDNARE)
    with pytest.raises(CommandError, match=f"--membership {second.pk}"):
        create_token(applicant.email, "--scope", "fund:read")
    create_token(applicant.email, "--scope", "fund:read", "--membership", str(second.pk))
    assert ApiToken.objects.get().membership == second


def test_command_refuses_another_users_membership(applicant, coordinator):
    other = coordinator.memberships.get()
    with pytest.raises(CommandError, match="no membership with id"):
        create_token(applicant.email, "--scope", "fund:read", "--membership", str(other.pk))


def test_revoke_command_revokes_and_audits(applicant):
    create_token(applicant.email, "--scope", "fund:read")
    token = ApiToken.objects.get()
    call_command("revoke_api_token", token.prefix, stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="api.token.revoke")
    assert event.target_id == str(token.pk)
    assert event.payload == {"user": applicant.pk, "membership": token.membership_id}
    with pytest.raises(CommandError, match=r"already been revoked|redan återkallats"):
        call_command("revoke_api_token", token.prefix, stdout=io.StringIO())


def test_revoke_command_refuses_an_unknown_prefix(db):
    with pytest.raises(CommandError, match="No token"):
        call_command("revoke_api_token", "00000000", stdout=io.StringIO())


def test_list_command_shows_prefixes_and_states_but_never_keys(applicant, coordinator):
    key = key_in(create_token(applicant.email, "--scope", "fund:read"))
    create_token(coordinator.email, "--scope", "fund:write")
    call_command("revoke_api_token", key.split("_")[1], stdout=io.StringIO())
    out = io.StringIO()
    call_command("list_api_tokens", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert key.split("_", 2)[2] not in out.getvalue()
    mine = next(line for line in lines if applicant.email in line)
    assert mine.startswith(key.split("_")[1]) and "revoked" in mine
    only = io.StringIO()
    call_command("list_api_tokens", "--email", coordinator.email, stdout=only)
    assert len(only.getvalue().splitlines()) == 1 and "valid until" in only.getvalue()
