"""The bytes on disk (SQLite) or in a dump (PostgreSQL) hold no demo name or identity number."""

import os
import sqlite3
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

import conftest
from trygg.defectors.conftest import personal_fragments


def _database_bytes(tmp_path) -> bytes:
    if connection.vendor == "sqlite":
        target = tmp_path / "copy.sqlite3"
        copy = sqlite3.connect(target)
        connection.connection.backup(copy)
        copy.close()
        return target.read_bytes()
    params = connection.get_connection_params()
    env = {**os.environ, "PGPASSWORD": params.get("password") or ""}
    return subprocess.run(
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


@pytest.mark.django_db(transaction=True)
def test_database_holds_no_demo_names_or_numbers_after_seed_demo(tmp_path):
    conftest.ensure_reference_data()
    call_command("seed_demo", force=True, stdout=StringIO())
    from trygg.defectors.models import Person

    assert Person.objects.count() == 9  # six people, two who moved, one in the joint unit
    data = _database_bytes(tmp_path)
    assert b"AV-" in data  # the case references are there: the copy is not empty
    leaked = [f for f in personal_fragments() if f in data]
    assert leaked == []
    assert "Vill lämna".encode() not in data and b"070-000" not in data
    # The case files: journal, mapping, consents, plan, tasks and relatives are encrypted too.
    case_file_texts = [
        "Återfall i cannabis",  # journal
        "Kan inte bo kvar",  # mapping
        "Skulder hos Kronofogden",
        "Uppgifter om boende och säkerhetsplan",  # consent scope
        "Nuvarande boendesituation",  # disclosure
        "Drogtest varannan vecka",  # agreement condition
        "Skuldsanering påbörjad",  # plan goals
        "Boka uppföljningsmöte",  # task
        "Maria",  # relative
        "5000-K123456-26",  # police reference
        "Sami vill bo nära",  # the journal of a case transferred from Botkyrka
        "Skyddat boende är ordnat",  # a transfer's reason
        "Flyttsson",  # the transferred people's names and numbers
        "Flyttdotter",
        "19990314",
        "20020611",
        "Samverkansson",  # the joint unit's person of Botkyrka
    ]
    leaked = [t for t in case_file_texts if t.encode() in data]
    assert leaked == []
