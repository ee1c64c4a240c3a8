"""Copy the files of an installation that kept them on disk into the database.

Upgrading to a version whose default storage is the database (``TRYGG_FILE_STORAGE``):
run this once after ``migrate``, before the web processes start with the new default. It
copies every file under ``TRYGG_MEDIA_ROOT`` (or ``--from``) that is not in the database yet
and checks each copy byte for byte; running it again copies nothing twice. The files on
disk are left as they are: remove them once a backup of the database holds them.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from trygg.core.models import StoredFile


class Command(BaseCommand):
    help = "Copy files from TRYGG_MEDIA_ROOT into the database storage (once, when upgrading)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", help="folder to copy from")

    def handle(self, *args, source=None, **options):
        root = Path(source or settings.TRYGG_MEDIA_ROOT)
        if not root.is_dir():
            raise CommandError(f"No folder {root}.")
        copied = skipped = 0
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            data = path.read_bytes()
            with transaction.atomic():
                stored = StoredFile.objects.filter(name=name).values_list("content", flat=True)
                existing = stored.first()
                if existing is not None:
                    if bytes(existing) != data:
                        raise CommandError(f"{name} differs from the copy in the database.")
                    skipped += 1
                    continue
                StoredFile.objects.create(
                    name=name, content=data, size=len(data), created_at=timezone.now()
                )
                copied += 1
        self.stdout.write(f"{copied} files copied, {skipped} already in the database.")
