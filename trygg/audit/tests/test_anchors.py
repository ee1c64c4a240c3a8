"""Signed checkpoints anchor the audit chain (trygg/audit/anchors.py): a chain rebuilt whole
by someone with database access is found, and so is a forged or unknown checkpoint."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from trygg.audit import anchors, chain
from trygg.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEvent
from trygg.audit.services import record
from trygg.core.crypto import b64decode, new_signing_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing(settings):
    settings.TRYGG_AUDIT_SIGNING_KEY = new_signing_key()
    settings.TRYGG_AUDIT_VERIFY_KEYS = ""
    return settings


def _events(count):
    return [record(action="core.test.happen", target_type="t", target_id=i) for i in range(count)]


def _checkpoint() -> str:
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    return out.getvalue().strip()


def _rebuild_whole_chain(*, hide_event_id: int):
    """What someone with full database access could do: delete an event and recompute every
    hash after it, so the chain itself is whole again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [hide_event_id])
        # Placeholders first: the hash column is unique.
        cursor.execute("UPDATE audit_auditevent SET hash = 'tmp' || CAST(id AS TEXT)")
        prev = GENESIS_HASH
        for event in AuditEvent.objects.order_by("id"):
            fixed = chain.hash_of(AuditEvent(**{**_fields(event), "prev_hash": prev}))
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [prev, fixed, event.id],
            )
            prev = fixed
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def _fields(event):
    return {
        field.attname: getattr(event, field.attname) for field in AuditEvent._meta.concrete_fields
    }


def test_a_checkpoint_signs_the_head_and_verify_checks_it(signing):
    events = _events(3)
    line = _checkpoint()
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.event_id == events[-1].id and checkpoint.event_hash == events[-1].hash
    assert f'"event_id": {events[-1].id}' in line and checkpoint.key_id in line
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "1 signed checkpoints hold" in out.getvalue()


def test_a_chain_rebuilt_whole_passes_the_chain_check_but_not_its_checkpoint(signing):
    events = _events(4)
    _checkpoint()
    _rebuild_whole_chain(hide_event_id=events[1].id)
    from trygg.audit.selectors import chain_verify

    assert chain_verify()[1] is None  # without the anchor the rebuild would not show
    with pytest.raises(CommandError, match=f"event {events[-1].id} does not have the hash"):
        call_command("audit_verify")


def test_checkpoints_kept_outside_find_a_rebuild_even_when_deleted_from_the_database(
    signing, tmp_path
):
    events = _events(3)
    exported = tmp_path / "checkpoints.jsonl"
    exported.write_text(_checkpoint() + "\n", encoding="utf-8")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditcheckpoint DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM audit_auditcheckpoint")
            cursor.execute("ALTER TABLE audit_auditcheckpoint ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_checkpoint_no_delete")
            cursor.execute("DELETE FROM audit_auditcheckpoint")
    _rebuild_whole_chain(hide_event_id=events[0].id)
    call_command("audit_verify", stdout=StringIO())  # the database alone looks fine
    with pytest.raises(CommandError, match="the chain was rebuilt"):
        call_command("audit_verify", "--checkpoints", str(exported))


def test_a_forged_or_unknown_checkpoint_is_named(signing, tmp_path):
    _events(2)
    line = _checkpoint()
    forged = tmp_path / "forged.jsonl"
    forged.write_text(line.replace('"events": ', '"events": 1'), encoding="utf-8")
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("audit_verify", "--checkpoints", str(forged))
    key_id = AuditCheckpoint.objects.get().key_id
    signing.TRYGG_AUDIT_SIGNING_KEY = new_signing_key()  # rotated, old key forgotten
    with pytest.raises(CommandError, match=f"signed with key {key_id}, which is not configured"):
        call_command("audit_verify")


def test_an_old_key_listed_as_a_verify_key_still_checks_its_checkpoints(signing):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    _events(2)
    _checkpoint()
    old = signing.TRYGG_AUDIT_SIGNING_KEY
    seed = b64decode(old.partition(":")[2])
    public = anchors.public_key_text(Ed25519PrivateKey.from_private_bytes(seed).public_key())
    signing.TRYGG_AUDIT_SIGNING_KEY = new_signing_key()
    signing.TRYGG_AUDIT_VERIFY_KEYS = public
    _events(1)
    _checkpoint()
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "2 signed checkpoints hold" in out.getvalue()


def test_checkpoints_cannot_be_changed_or_deleted_in_the_database(signing):
    _events(1)
    _checkpoint()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.update(event_hash="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.all().delete()


def test_without_a_signing_key_no_checkpoint_is_made(settings):
    settings.TRYGG_AUDIT_SIGNING_KEY = ""
    _events(1)
    with pytest.raises(CommandError, match="TRYGG_AUDIT_SIGNING_KEY is not set"):
        call_command("audit_checkpoint")


def test_new_key_prints_a_key_that_signs(settings):
    out = StringIO()
    call_command("audit_checkpoint", "--new-key", stdout=out)
    spec = out.getvalue().splitlines()[0].removeprefix("TRYGG_AUDIT_SIGNING_KEY=")
    settings.TRYGG_AUDIT_SIGNING_KEY = spec
    assert anchors.signing_key()[0] == spec.partition(":")[0]
