import base64
import io
import os
import sqlite3
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.testapp.models import SecretNote
from trygg.core import crypto
from trygg.core.fields import blind_lookup

pytestmark = pytest.mark.django_db

PNR = "19970412-2382"
BODY = "Hotbild: kontakt med Provsson-nätverket"


def _new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT identity_number, identity_number_index, body FROM testapp_secretnote"
        )
        return repr(cursor.fetchall())


def test_value_round_trips_through_the_database():
    note = SecretNote.objects.create(label="a", identity_number=PNR, body=BODY)
    note.refresh_from_db()
    assert (note.identity_number, note.body) == (PNR, BODY)


def test_database_holds_no_plaintext():
    SecretNote.objects.create(label="a", identity_number=PNR, body=BODY)
    raw = _raw_rows()
    for fragment in (PNR, "199704122382", "Hotbild", "Provsson", "nätverket"):
        assert fragment not in raw


@pytest.mark.django_db(transaction=True)
def test_database_file_or_dump_holds_no_plaintext(tmp_path):
    """The bytes on disk (SQLite) or in a backup (pg_dump), not just what the ORM returns."""
    SecretNote.objects.create(label="a", identity_number=PNR, body=BODY)
    if connection.vendor == "sqlite":
        target = tmp_path / "copy.sqlite3"
        copy = sqlite3.connect(target)
        connection.connection.backup(copy)
        copy.close()
        data = target.read_bytes()
    else:
        params = connection.get_connection_params()
        env = {**os.environ, "PGPASSWORD": params.get("password") or ""}
        data = subprocess.run(
            [
                "pg_dump",
                "--data-only",
                "-h",
                params.get("host") or "127.0.0.1",
                "-p",
                str(params.get("port") or 5432),
                "-U",
                params.get("user") or "postgres",
                params["dbname"],
            ],
            check=True,
            capture_output=True,
            env=env,
        ).stdout
    assert b"testapp_secretnote" in data or connection.vendor == "sqlite"
    assert PNR.encode() not in data
    assert b"Provsson" not in data
    assert b"Hotbild" not in data


def test_same_value_encrypts_differently_each_time():
    first = crypto.encrypt(PNR, context="x.y")
    assert first != crypto.encrypt(PNR, context="x.y")


def test_ciphertext_moved_to_another_field_does_not_decrypt():
    sealed = crypto.encrypt(PNR, context="testapp.secretnote.identity_number")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, context="testapp.secretnote.body")


def test_blind_index_finds_exact_match_whatever_the_format():
    SecretNote.objects.create(label="a", identity_number=PNR, body=BODY)
    SecretNote.objects.create(label="b", identity_number="20010923-4179", body="")
    digest = blind_lookup(SecretNote, "identity_number_index", "199704122382")
    assert list(
        SecretNote.objects.filter(identity_number_index=digest).values_list("label", flat=True)
    ) == ["a"]


def test_encrypted_field_refuses_lookups():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(SecretNote.objects.filter(identity_number=PNR))


def test_key_rotation_keeps_every_value_readable(settings):
    old_spec = settings.TRYGG_FIELD_KEYS
    notes = [
        SecretNote.objects.create(
            label=str(i), identity_number=f"1997041{i}-2382", body=f"note {i}"
        )
        for i in range(5)
    ]
    settings.TRYGG_FIELD_KEYS = f"k9:{_new_key()},{old_spec}"
    call_command("rotate_keys", stdout=io.StringIO())
    raw = _raw_rows()
    assert raw.count("v1:k9:") == 10
    # The old key can now be removed and everything still reads.
    settings.TRYGG_FIELD_KEYS = settings.TRYGG_FIELD_KEYS.split(",")[0]
    for note in notes:
        fresh = SecretNote.objects.get(pk=note.pk)
        assert fresh.body == note.body
        assert fresh.identity_number == note.identity_number


def test_blind_index_key_rotation_recomputes_indexes(settings):
    SecretNote.objects.create(label="a", identity_number=PNR, body="")
    settings.TRYGG_BLIND_INDEX_KEY = _new_key()
    assert not SecretNote.objects.filter(
        identity_number_index=blind_lookup(SecretNote, "identity_number_index", PNR)
    ).exists()
    call_command("rotate_keys", stdout=io.StringIO())
    assert SecretNote.objects.filter(
        identity_number_index=blind_lookup(SecretNote, "identity_number_index", PNR)
    ).exists()


def test_missing_key_gives_a_clear_error(settings):
    note = SecretNote.objects.create(label="a", identity_number=PNR, body=BODY)
    settings.TRYGG_FIELD_KEYS = f"k7:{_new_key()}"
    with pytest.raises(crypto.DecryptionError, match="not configured"):
        SecretNote.objects.get(pk=note.pk)


@hsettings(max_examples=50, deadline=None)
@given(st.text(max_size=500))
def test_any_text_round_trips(text):
    assert crypto.decrypt(crypto.encrypt(text, context="c"), context="c") == text
