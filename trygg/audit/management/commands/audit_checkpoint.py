"""Sign the audit chain's current head (trygg/audit/anchors.py). Run daily; backups make one too.

Prints the checkpoint as one JSON line: keep the output somewhere the database's users cannot
write (a write-once log, the backup), so that a rebuilt chain is found even if the
checkpoints in the database were removed with it. ``--new-key`` prints a new signing key
for TRYGG_AUDIT_SIGNING_KEY and its public half for TRYGG_AUDIT_VERIFY_KEYS.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from trygg.audit import anchors
from trygg.core.crypto import b64decode, new_signing_key


class Command(BaseCommand):
    help = "Sign the audit chain's head with TRYGG_AUDIT_SIGNING_KEY and print the checkpoint."

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="print a new signing key")

    def handle(self, *args, new_key=False, **options):
        if new_key:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            spec = new_signing_key()
            seed = b64decode(spec.partition(":")[2])
            public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
            self.stdout.write(f"TRYGG_AUDIT_SIGNING_KEY={spec}")
            self.stdout.write("# public half, for TRYGG_AUDIT_VERIFY_KEYS after a rotation:")
            self.stdout.write(f"# {anchors.public_key_text(public)}")
            return
        try:
            checkpoint = anchors.checkpoint_make()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if checkpoint is None:
            self.stdout.write("The audit log is empty: nothing to sign.")
            return
        self.stdout.write(anchors.as_line(checkpoint))
