"""Make a sealed backup of the database, its files, keys and audit checkpoints.

See trygg/operations/backup/archive.py for what it holds. Output: the file's path, its size,
the backup key's id and the audit chain's head; nothing of the data.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trygg.audit.services import record
from trygg.operations.backup import archive
from trygg.operations.backup.sealed import BackupKeyError


class Command(BaseCommand):
    help = "Write a backup sealed to TRYGG_BACKUP_PUBLIC_KEY into TRYGG_BACKUP_DIR (or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="folder to write the backup into")

    def handle(self, *args, output=None, **options):
        if not settings.TRYGG_BACKUP_PUBLIC_KEY:
            raise CommandError(
                "TRYGG_BACKUP_PUBLIC_KEY is not set: make a key pair with backup_keygen first."
            )
        try:
            path, manifest = archive.make(output_dir=Path(output or settings.TRYGG_BACKUP_DIR))
        except BackupKeyError as error:
            raise CommandError(str(error)) from None
        record(
            action="operations.backup.make",
            payload={"backup_key": manifest["backup_key"], "anchored": manifest["anchored"]},
        )
        head = manifest["audit_head"]
        head_text = f"event {head['event_id']}" if head else "empty"
        signed = "signed" if manifest["anchored"] else "not signed (no TRYGG_AUDIT_SIGNING_KEY)"
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size} bytes).")
        self.stdout.write(
            f"Sealed to backup key {manifest['backup_key']}; "
            f"audit chain head: {head_text}" + (f", {signed}." if head else ".")
        )
