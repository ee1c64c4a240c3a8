"""Restore a sealed backup into a new, empty database, then prove it.

    manage.py restore trygg-20261204-020000.backup --key-file /media/usb/backup.key \\
        --database-url postgres://trygg@db/trygg_restored

The private key must be the one the backup was sealed to (a wrong one is named by key id).
After loading, ``backup_verify`` runs against the restored database with the backup's own
keys, in a process of its own: the audit chain and every checkpoint hold, every encrypted
value decrypts and every document opens. The command exits non-zero if anything fails.
``--env-out`` writes the restored keys to a file (mode 600) for the installation that will
run on the restored database.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trygg.operations.backup import archive, database
from trygg.operations.backup.sealed import BackupDamaged, BackupKeyError


class Command(BaseCommand):
    help = "Restore a backup into an empty database and verify it."

    def add_arguments(self, parser):
        parser.add_argument("backup")
        parser.add_argument("--key-file", required=True, help="the backup's private key")
        parser.add_argument("--database-url", required=True, help="an empty database")
        parser.add_argument("--media-root", help="where to put files kept on disk")
        parser.add_argument("--env-out", help="write the restored keys to this new file")

    def handle(self, *args, backup, key_file, database_url, media_root=None, env_out=None, **o):
        private = Path(key_file).read_text(encoding="utf-8")
        with archive.private_folder() as folder:
            try:
                manifest = archive.unpack(backup=Path(backup), private_key=private, into=folder)
            except (BackupKeyError, BackupDamaged) as error:
                raise CommandError(f"Cannot open the backup: {error}.") from None
            if manifest["file_storage"] == "s3":
                # Before the database is loaded: a refusal leaves everything as it was.
                if settings.TRYGG_FILE_STORAGE != "s3":
                    raise CommandError(
                        "The backup's files were kept in an object store: restore with "
                        "TRYGG_FILE_STORAGE=s3 and the TRYGG_S3_* settings of an empty bucket."
                    )
                if not archive.object_store_empty():
                    raise CommandError(
                        "The object store already holds files (TRYGG_S3_BUCKET, "
                        "TRYGG_S3_PREFIX): restore into an empty bucket or prefix."
                    )
            try:
                database.load(
                    dump_file=folder / manifest["database"],
                    kind=manifest["database"],
                    url=database_url,
                )
            except database.DatabaseNotEmpty as error:
                raise CommandError(str(error)) from None
            except subprocess.CalledProcessError as error:
                message = f"Loading the database failed (exit {error.returncode})."
                raise CommandError(message) from None
            keys = archive.read_env(folder / "keys.env")
            media = Path(media_root or settings.TRYGG_MEDIA_ROOT)
            if manifest["file_storage"] == "s3":
                count = archive.put_objects(folder / "media")
                self.stdout.write(f"{count} files put into the object store.")
            elif (folder / "media").is_dir():
                media.mkdir(parents=True, exist_ok=True)
                for source in (folder / "media").rglob("*"):
                    target = media / source.relative_to(folder / "media")
                    if source.is_dir():
                        target.mkdir(exist_ok=True)
                    else:
                        target.write_bytes(source.read_bytes())
            self.stdout.write(f"Backup opened with key {manifest['backup_key']} and loaded.")
            # Only the backup's keys: nothing of this installation's own settings (the process
            # running restore may have its own keys in its environment).
            inherited = {
                name: value
                for name, value in os.environ.items()
                if not name.startswith(("TRYGG_", "DJANGO_", "DATABASE_", "EMAIL_"))
            }
            env = {
                **inherited,
                **keys,
                "DATABASE_URL": database_url,
                "TRYGG_ENV_FILE": str(folder / "no-env-file"),
                "TRYGG_FILE_STORAGE": manifest["file_storage"],
                "TRYGG_MEDIA_ROOT": str(media),
                **archive.storage_env(),
                "DJANGO_SETTINGS_MODULE": "config.settings",
            }
            verified = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
                [
                    sys.executable,
                    str(Path(settings.BASE_DIR) / "manage.py"),
                    "backup_verify",
                    "--manifest",
                    str(folder / "manifest.json"),
                    "--checkpoints",
                    str(folder / "checkpoints.jsonl"),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            self.stdout.write(verified.stdout.rstrip())
            if verified.returncode != 0:
                raise CommandError(
                    "The restored database did not pass its checks: "
                    + (verified.stderr.strip().splitlines() or ["(no message)"])[-1]
                )
            if env_out:
                descriptor = os.open(env_out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "w") as handle:
                    handle.write((folder / "keys.env").read_text(encoding="utf-8"))
                self.stdout.write(f"Keys written to {env_out}.")
        self.stdout.write(self.style.SUCCESS("Restored and verified."))
