from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trygg.audit import anchors
from trygg.audit.models import AuditCheckpoint
from trygg.audit.selectors import chain_verify


class Command(BaseCommand):
    help = (
        "Check the audit hash chain and its signed checkpoints; exit non-zero and name the "
        "first broken event or checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            action="append",
            default=[],
            help="a file of exported checkpoints (JSON lines) to check as well; repeatable",
        )

    def handle(self, *args, checkpoints=(), **options):
        checked, broken = chain_verify()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at event {broken.event_id}: {broken.reason} "
                f"({checked} events before it are intact)."
            )
        keys = anchors.verify_keys()
        found = list(AuditCheckpoint.objects.order_by("id"))
        for path in checkpoints:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
            found += [anchors.Exported.from_line(line) for line in lines if line.strip()]
        for checkpoint in found:
            problem = anchors.checkpoint_problem(checkpoint, keys=keys)
            if problem:
                raise CommandError(f"Audit chain not anchored: {problem}.")
        self.stdout.write(
            f"Audit chain intact: {checked} events verified, {len(found)} signed checkpoints hold."
        )
