"""Prove a restored database (run by ``restore``; can be run on its own against any copy).

Checks the audit chain and its signed checkpoints (the backup's exported ones too), that the
chain still has the head the manifest recorded, that every encrypted value decrypts and every
blind index matches, and that every document opens. A value or document under a key that is
not configured is named by the key's id. Exits non-zero on the first kind of failure found.
"""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from trygg.audit.models import AuditEvent
from trygg.defectors.documents.storage import read as read_case_document
from trygg.defectors.models import CaseAttachment
from trygg.operations.backup.checks import Findings, check_documents, check_encrypted_values


class Command(BaseCommand):
    help = "Verify a restored database: audit chain and checkpoints, encrypted values, documents."
    # It checks data, not code: the restored copy is proven whatever the checkout's checks say.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--manifest", help="the backup's manifest.json")
        parser.add_argument("--checkpoints", help="the backup's checkpoints.jsonl")

    def handle(self, *args, manifest=None, checkpoints=None, **options):
        out = StringIO()
        audit_args = ["--checkpoints", checkpoints] if checkpoints else []
        call_command("audit_verify", *audit_args, stdout=out)
        self.stdout.write(out.getvalue().strip())
        if manifest:
            head = json.loads(Path(manifest).read_text(encoding="utf-8"))["audit_head"]
            if head:
                stored = AuditEvent.objects.filter(id=head["event_id"]).values_list(
                    "hash", flat=True
                )
                if stored.first() != head["hash"]:
                    raise CommandError(
                        f"The audit chain does not have the head the backup recorded "
                        f"(event {head['event_id']})."
                    )
        findings = Findings()
        check_encrypted_values(findings)
        check_documents(findings, readers={CaseAttachment: read_case_document})
        if findings.missing_keys:
            named = ", ".join(
                f"{key} ({count} values or documents)"
                for key, count in sorted(findings.missing_keys.items())
            )
            raise CommandError(f"Data is encrypted with keys that are not configured: {named}.")
        if findings.problems:
            raise CommandError("; ".join(findings.problems[:5]))
        self.stdout.write(
            f"{findings.values} encrypted values decrypt and their indexes match; "
            f"{findings.documents} documents open."
        )
