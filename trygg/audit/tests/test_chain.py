import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from trygg.audit.models import GENESIS_HASH, AuditEvent
from trygg.audit.services import AuditPayloadError, record

pytestmark = pytest.mark.django_db


def _events(count):
    return [record(action="core.test.happen", target_type="t", target_id=i) for i in range(count)]


def test_events_form_a_hash_chain():
    previous = AuditEvent.objects.order_by("id").last()
    first, second, third = _events(3)
    assert first.prev_hash == (previous.hash if previous else GENESIS_HASH)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash


def test_audit_verify_passes_on_an_intact_chain(capsys):
    _events(5)
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def _tamper(sql, params):
    """What a database administrator could do: bypass the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete"
            )
            cursor.execute(sql, params)
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete"
            )
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
            cursor.execute(sql, params)


def test_audit_verify_names_the_first_edited_event():
    events = _events(4)
    _tamper(
        "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["core.test.hidden", events[2].id]
    )
    with pytest.raises(CommandError, match=f"event {events[2].id}"):
        call_command("audit_verify")


def test_audit_verify_finds_a_deleted_event():
    events = _events(4)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    with pytest.raises(CommandError, match=f"event {events[2].id}"):
        call_command("audit_verify")


def test_update_of_an_audit_row_is_refused_by_the_database():
    event = _events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="core.test.changed")


def test_delete_of_an_audit_row_is_refused_by_the_database():
    """On SQLite (``make run``) as on PostgreSQL: plain SQL cannot remove an audit row."""
    event = _events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x.y.z' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, action=event.action).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the delete gate is SQLite's")
def test_the_retention_gate_does_not_open_the_audit_log():
    from trygg.core.sqlite import gate_open

    event = _events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), gate_open("retention"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers on rebuilds")
def test_every_guard_trigger_survives_the_migrations():
    """SQLite drops a table's triggers when a migration rebuilds it: after all migrations,
    each guard must still be there."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert {
        "audit_event_no_update",
        "audit_event_no_delete",
        "defectors_journal_entry_lock",
        "defectors_journal_entry_no_delete",
    } <= triggers


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "anna@example.se"},
        {"pnr": "19970412-2382"},
        {"note": "Adam Provsson"},
        {"nested": {"value": 1.5}},
    ],
)
def test_personal_data_is_refused_in_payloads(payload):
    with pytest.raises(AuditPayloadError):
        record(action="core.test.happen", payload=payload)


def test_action_names_follow_app_entity_verb():
    with pytest.raises(ValueError):
        record(action="login")


def test_audit_export_prints_json_lines_with_filters(capsys):
    record(action="accounts.login.success", target_type="accounts.user", target_id=1)
    record(action="core.test.happen")
    call_command("audit_export", "--action", "accounts.login")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["action"] for line in lines] == ["accounts.login.success"]
    assert set(lines[0]) == {
        "id",
        "at",
        "action",
        "actor",
        "organisation",
        "municipality",
        "target_type",
        "target_id",
        "payload",
        "prev_hash",
        "hash",
    }


def test_audit_export_since_excludes_older_events(capsys):
    import time_machine

    with time_machine.travel("2026-01-01T10:00:00Z"):
        record(action="core.test.old")
    with time_machine.travel("2026-06-01T10:00:00Z"):
        record(action="core.test.new")
    call_command("audit_export", "--since", "2026-03-01T00:00:00+01:00")
    actions = [json.loads(line)["action"] for line in capsys.readouterr().out.splitlines()]
    assert actions == ["core.test.new"]


def test_audit_export_rejects_a_bad_date():
    with pytest.raises(CommandError):
        call_command("audit_export", "--since", "yesterday")


def test_event_is_rolled_back_with_the_change_it_describes():
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(action="core.test.happen")
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == before


def test_exported_lines_can_be_verified_without_the_database(capsys):
    from datetime import datetime

    from trygg.audit import chain

    record(action="core.test.happen", payload={"n": 1})
    call_command("audit_export")
    for line in map(json.loads, capsys.readouterr().out.splitlines()):
        at = datetime.fromisoformat(line["at"].replace("Z", "+00:00"))
        canonical = chain.content(
            at=at,
            action=line["action"],
            actor_id=line["actor"],
            organisation_id=line["organisation"],
            municipality_id=line["municipality"],
            target_type=line["target_type"],
            target_id=line["target_id"],
            payload=line["payload"],
        )
        assert chain.event_hash(line["prev_hash"], canonical) == line["hash"]


@pytest.mark.django_db(transaction=True)
def test_an_event_that_waited_for_the_chain_follows_the_one_committed_before_it():
    """Two transactions append at once: the second waits for the chain's lock while the first
    holds it, and once the first commits, the second's event chains onto the first's (its
    head is read after the lock is held, not before it waited)."""
    import threading
    import time

    from django.db import connections

    from trygg.audit.selectors import chain_verify

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with IMMEDIATE transactions: nobody waits")
    written, release = threading.Event(), threading.Event()
    events = {}

    def append(name: str, hold: bool) -> None:
        try:
            with transaction.atomic():
                events[name] = record(action=f"core.test.{name}")
                if hold:
                    written.set()
                    release.wait(10)
        finally:
            connections.close_all()

    first = threading.Thread(target=append, args=("first", True))
    first.start()
    assert written.wait(10)
    second = threading.Thread(target=append, args=("second", False))
    second.start()
    waiting = 0
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            waiting = cursor.fetchone()[0]
        if waiting:
            break
        time.sleep(0.05)
    release.set()
    first.join(10)
    second.join(10)
    assert waiting == 1
    assert events["second"].prev_hash == events["first"].hash
    assert chain_verify()[1] is None
