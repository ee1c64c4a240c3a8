"""Backups that are proven: a sealed backup of the demo installation restores into a fresh
database where the audit chain and its checkpoints hold, every encrypted value decrypts and
every document opens; a wrong key, a damaged file and a missing field key are named."""

import datetime
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import OrganisationFactory
from trygg.accounts.actor import actor_for
from trygg.accounts.models import User
from trygg.core.crypto import new_signing_key
from trygg.core.envfile import new_key
from trygg.defectors.documents import storage as documents
from trygg.defectors.models import Case
from trygg.operations.backup.sealed import new_key_pair

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nTRYGG-BACKUP-DOC\n%%EOF\n"


@pytest.fixture
def backup_keys(settings, tmp_path):
    public, private = new_key_pair()
    settings.TRYGG_BACKUP_PUBLIC_KEY = public
    settings.TRYGG_AUDIT_SIGNING_KEY = new_signing_key()
    key_file = tmp_path / "backup.key"
    key_file.write_text(private + "\n")
    return key_file


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new, empty database of the same engine."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"trygg_restore_{uuid.uuid4().hex[:12]}"
    admin = {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "dbname": "postgres",
    }
    if settings.get("PASSWORD"):
        admin["password"] = settings["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    user = settings["USER"] or "postgres"
    yield f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backup(tmp_path) -> Path:
    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)
    assert "Backup written" in out.getvalue()
    return next((tmp_path / "backups").glob("trygg-*.backup"))


def restore(path, key_file, url) -> str:
    out = StringIO()
    call_command(
        "restore", str(path), "--key-file", str(key_file), "--database-url", url, stdout=out
    )
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_demo_installation_restores_into_a_fresh_database_and_proves_it(
    backup_keys, empty_database, tmp_path, huddinge
):
    # ``huddinge`` puts back the municipalities that an earlier transactional test's flush
    # took with it; the demo data is built on them.
    call_command("seed_demo", "--force", stdout=StringIO())
    officer = User.objects.get(email="handlaggare@huddinge.example")
    case = Case.objects.filter(team__user=officer).first()
    documents.store(
        case=case,
        upload=SimpleUploadedFile("Hotbild.pdf", PDF, content_type="application/pdf"),
        user=officer,
    )
    path = backup(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"Hotbild" not in path.read_bytes() and b"TRYGG-BACKUP-DOC" not in path.read_bytes()
    printed = restore(path, backup_keys, empty_database)
    assert "Audit chain intact" in printed and "2 signed checkpoints hold" in printed
    assert "encrypted values decrypt and their indexes match" in printed
    assert "Restored and verified." in printed
    opened = int(printed.split(" documents open")[0].rsplit(" ", 1)[1])
    assert opened == documents_in_use() and opened >= 9  # letters, agreements, attachments…


def documents_in_use() -> int:
    """Rows with a file (every file field) and case documents, in the source database."""
    from django.apps import apps
    from django.db import models

    from trygg.defectors.models import CaseAttachment

    count = CaseAttachment.objects.count()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                count += model._base_manager.exclude(**{field.name: ""}).count()
    return count


@pytest.mark.django_db(transaction=True)
def test_a_wrong_key_and_a_damaged_file_are_named_and_load_nothing(
    backup_keys, empty_database, tmp_path, huddinge
):
    path = backup(tmp_path)
    _public, other = new_key_pair()
    wrong = tmp_path / "other.key"
    wrong.write_text(other)
    made_for = path.read_bytes().split(b'"key_id": "')[1][:12].decode()
    with pytest.raises(CommandError, match=f"made for backup key {made_for}; the key file holds"):
        restore(path, wrong, empty_database)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="altered or damaged"):
        restore(damaged, backup_keys, empty_database)
    cut = tmp_path / "cut.backup"
    cut.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(CommandError, match=r"cut off|altered or damaged"):
        restore(cut, backup_keys, empty_database)
    # Nothing was loaded: the database is still empty and takes the good backup.
    assert "Restored and verified." in restore(path, backup_keys, empty_database)


def an_intake(officer) -> Case:
    from trygg.defectors.cases import services
    from trygg.defectors.constants import Protection

    return services.intake_create(
        actor=officer,
        given_name="Test",
        family_name="Personsson",
        identity_number="",
        reserve=False,
        protection=Protection.NONE,
        contact="",
        date=datetime.date(2026, 11, 2),
        source="self",
        group_type="criminal_network",
        threat_indication="low",
        motivation_notes="",
    )


@pytest.mark.django_db(transaction=True)
def test_data_under_a_field_key_the_backup_lacks_is_named_by_key_id(
    backup_keys, empty_database, tmp_path, settings, make_user, huddinge
):
    from trygg.core.roles import Role

    unit = OrganisationFactory(kind="enhet", name="Avhopp", parent=huddinge)
    officer = actor_for(make_user(Role.HANDLAGGARE, unit))
    settings.TRYGG_FIELD_KEYS = f"k0:{new_key()}"
    an_intake(officer)
    settings.TRYGG_FIELD_KEYS = f"k9:{new_key()}"  # k0 lost: not in the key file of the backup
    path = backup(tmp_path)
    with pytest.raises(CommandError, match=r"keys that are not configured: k0 \("):
        restore(path, backup_keys, empty_database)


@pytest.mark.django_db(transaction=True)
def test_files_in_an_object_store_are_restored_into_an_empty_bucket_and_open(
    backup_keys, empty_database, tmp_path, settings, make_user, huddinge, object_store
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from trygg.core.roles import Role

    unit = OrganisationFactory(kind="enhet", name="Avhopp", parent=huddinge)
    officer = actor_for(make_user(Role.HANDLAGGARE, unit))
    case = an_intake(officer)
    for name in ("Hotbild.pdf", "Plan.pdf"):
        documents.store(
            case=case,
            upload=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
            user=officer.user,
        )
    assert documents_in_use() == 2
    written = sorted(default_storage.names())
    path = backup(tmp_path)
    assert b"TRYGG-BACKUP-DOC" not in path.read_bytes()

    # The restoring installation: the same store, a prefix of its own.
    restored = {**object_store, "location": "aterlast"}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": restored},
    }
    default_storage.save("kvar.txt", ContentFile(b"a file already there"))
    with pytest.raises(CommandError, match="already holds files"):
        restore(path, backup_keys, empty_database)
    default_storage.delete("kvar.txt")
    settings.TRYGG_FILE_STORAGE = "database"
    with pytest.raises(CommandError, match="kept in an object store"):
        restore(path, backup_keys, empty_database)
    settings.TRYGG_FILE_STORAGE = "s3"

    # The refusals loaded nothing: the database is still empty and takes the backup.
    printed = restore(path, backup_keys, empty_database)
    assert "2 files put into the object store" in printed
    assert "2 documents open" in printed and "Restored and verified." in printed
    assert sorted(default_storage.names()) == written
