"""Retention (gallring) of closed defector cases. Run it once a day (cron or a systemd timer).

Without options it queues the ``run_retention`` task (the worker deletes what is due and
records one audit event). ``--dry-run`` deletes nothing: it prints how many cases, persons
and rows per model would be deleted today. The output holds counts only, no personal data.
"""

from django.core.management.base import BaseCommand

from trygg.defectors.retention.services import retention_run, run_retention


class Command(BaseCommand):
    help = "Delete the closed defector cases that are due for deletion (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only count what would be deleted today; nothing is deleted or logged",
        )

    def handle(self, *args, dry_run=False, **options):
        if not dry_run:
            result = run_retention.enqueue()
            self.stdout.write(f"Retention task queued ({result.id}, {result.status}).")
            return
        result = retention_run(dry_run=True)
        self.stdout.write(
            f"Due for deletion: {len(result['cases'])} cases, {len(result['persons'])} persons."
        )
        for label, count in result["counts"].items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write("Dry run: nothing was deleted.")
