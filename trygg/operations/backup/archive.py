"""Make a backup and take one apart again (the commands ``backup`` and ``restore``).

A backup is one sealed file (``sealed.py``) holding a tar archive of:

- ``database.dump`` (PostgreSQL, custom format) or ``database.sqlite3``: every record, and the
  files too when they are kept in the database (the default);
- ``media/``: the files, when they are kept on disk or in an object store instead;
- ``keys.env``: the keys that read the data (TRYGG_FIELD_KEYS, TRYGG_BLIND_INDEX_KEY,
  DJANGO_SECRET_KEY, and the public keys that check the audit checkpoints; never the
  checkpoint signing key, which a restored copy does not need);
- ``checkpoints.jsonl``: every signed checkpoint of the audit chain, one made by the backup
  itself last, so a chain rebuilt later, or a restored copy that is not this one, is found;
- ``manifest.json``: when, from which engine, the audit chain's head and the key ids.

The file is written under a temporary name and renamed when complete, so a backup under its
final name is always whole.
"""

from __future__ import annotations

import json
import os
import shutil
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from trygg.audit import anchors
from trygg.audit.models import AuditCheckpoint, AuditEvent
from trygg.core import crypto
from trygg.operations.backup import database
from trygg.operations.backup.sealed import SealedReader, SealedWriter, parse_public

FORMAT = 1


@contextmanager
def private_folder():
    folder = Path(tempfile.mkdtemp(prefix="trygg-backup-"))
    folder.chmod(0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _keys_env() -> str:
    verify = [settings.TRYGG_AUDIT_VERIFY_KEYS] if settings.TRYGG_AUDIT_VERIFY_KEYS else []
    current = anchors.signing_key()
    if current:
        verify.append(anchors.public_key_text(current[1].public_key()))
    return "\n".join(
        [
            f"TRYGG_FIELD_KEYS={settings.TRYGG_FIELD_KEYS}",
            f"TRYGG_BLIND_INDEX_KEY={settings.TRYGG_BLIND_INDEX_KEY}",
            f"DJANGO_SECRET_KEY={settings.SECRET_KEY}",
            f"TRYGG_AUDIT_VERIFY_KEYS={','.join(verify)}",
            "",
        ]
    )


def make(*, output_dir: Path) -> tuple[Path, dict]:
    """Write a sealed backup into ``output_dir``; returns its path and manifest."""
    public = settings.TRYGG_BACKUP_PUBLIC_KEY
    key_id, _ = parse_public(public)
    checkpoint = anchors.checkpoint_make() if anchors.signing_key() else None
    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = output_dir / f"trygg-{stamp}.backup"
    partial = final.with_suffix(".backup.partial")
    with private_folder() as folder:
        dump_name = database.dump(folder / "database")
        manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "database": dump_name,
            "file_storage": settings.TRYGG_FILE_STORAGE,
            "backup_key": key_id,
            "field_keys": sorted(crypto.keyring().keys),
            "audit_head": {"event_id": head[0], "hash": head[1]} if head else None,
            "anchored": checkpoint is not None,
        }
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            sealed = SealedWriter(out, public)
            with tarfile.open(fileobj=sealed, mode="w|") as tar:
                tar.add(folder / "database", arcname=dump_name)
                _add_text(tar, "manifest.json", json.dumps(manifest, indent=2) + "\n")
                _add_text(tar, "keys.env", _keys_env())
                lines = [anchors.as_line(c) for c in AuditCheckpoint.objects.order_by("id")]
                _add_text(tar, "checkpoints.jsonl", "".join(line + "\n" for line in lines))
                media = Path(settings.TRYGG_MEDIA_ROOT)
                if settings.TRYGG_FILE_STORAGE == "filesystem" and media.is_dir():
                    tar.add(media, arcname="media")
                if settings.TRYGG_FILE_STORAGE == "s3":
                    _add_objects(tar)
            sealed.close()
            out.flush()
            os.fsync(out.fileno())
    partial.rename(final)
    return final, manifest


def _add_objects(tar: tarfile.TarFile) -> None:
    """Every object of the bucket (under the prefix) as ``media/<name>``, streamed."""
    from django.core.files.storage import default_storage

    for name in default_storage.names():
        info = tarfile.TarInfo(f"media/{name}")
        info.size = default_storage.size(name)
        info.mode = 0o600
        with default_storage.open(name, "rb") as handle:
            tar.addfile(info, handle)


def put_objects(folder: Path) -> int:
    """Restore: every file under ``folder`` into the object store under its own name. The
    bucket (under the prefix) must be empty, as the database must (``restore`` checks before
    it loads anything): nothing is overwritten, the installation holds only the backup's."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    if not object_store_empty():
        raise ValueError("The object store is not empty.")
    count = 0
    for source in sorted(folder.rglob("*")):
        if source.is_file():
            with source.open("rb") as handle:
                # _save, not save: the name is the one the records point at, never changed.
                default_storage._save(source.relative_to(folder).as_posix(), File(handle))
            count += 1
    return count


def object_store_empty() -> bool:
    from django.core.files.storage import default_storage

    return next(iter(default_storage.names()), None) is None


def storage_env() -> dict[str, str]:
    """The object store's settings as the environment of a child process (backup_verify)."""
    if settings.TRYGG_FILE_STORAGE != "s3":
        return {}
    options = settings.STORAGES["default"]["OPTIONS"]
    names = {
        "TRYGG_S3_BUCKET": "bucket_name",
        "TRYGG_S3_ENDPOINT_URL": "endpoint_url",
        "TRYGG_S3_REGION": "region_name",
        "TRYGG_S3_ACCESS_KEY_ID": "access_key",
        "TRYGG_S3_SECRET_ACCESS_KEY": "secret_key",
        "TRYGG_S3_PREFIX": "location",
        "TRYGG_S3_ADDRESSING_STYLE": "addressing_style",
    }
    env = {name: options[option] for name, option in names.items() if options.get(option)}
    env["TRYGG_S3_SERVER_SIDE_ENCRYPTION"] = str(bool(options["object_parameters"])).lower()
    return env


def _add_text(tar: tarfile.TarFile, name: str, text: str) -> None:
    import io

    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def unpack(*, backup: Path, private_key: str, into: Path) -> dict:
    """Open the sealed backup with the private key and extract it into ``into``."""
    with backup.open("rb") as handle:
        reader = SealedReader(handle, private_key)
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            tar.extractall(into, filter="data")
    return json.loads((into / "manifest.json").read_text(encoding="utf-8"))


def read_env(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.startswith("#"):
            values[name.strip()] = value
    return values
