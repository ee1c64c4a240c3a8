"""Make the key pair that backups are sealed to.

The public half goes into TRYGG_BACKUP_PUBLIC_KEY on the servers. The private half is
written to a file that must leave the server: keep it offline (two copies, apart), since
without it no backup can be restored and with it every backup can be read.
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trygg.operations.backup.sealed import new_key_pair


class Command(BaseCommand):
    help = "Make a backup key pair: print the public key, write the private key to a file."

    def add_arguments(self, parser):
        parser.add_argument("private_key_file", help="where to write the private key (new file)")

    def handle(self, *args, private_key_file, **options):
        path = Path(private_key_file)
        if path.exists():
            raise CommandError(f"{path} exists; choose a new file.")
        public, private = new_key_pair()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(private + "\n")
        self.stdout.write(f"TRYGG_BACKUP_PUBLIC_KEY={public}")
        self.stdout.write(
            f"Private key {public.partition(':')[0]} written to {path}: keep it offline."
        )
