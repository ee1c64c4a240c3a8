"""Retention (gallring) of closed defector cases. Run it once a day (cron or a systemd timer)
on any number of nodes: only the first queues the day's run (trygg/core/jobs.py).

Without options it queues the ``run_retention`` task (the worker deletes what is due and
records one audit event). ``--dry-run`` deletes nothing: it prints how many cases, persons
and rows per model would be deleted today. The output holds counts only, no personal data.
"""

from trygg.core.jobs import DailyJobCommand


class Command(DailyJobCommand):
    help = "Delete the closed defector cases that are due for deletion (run daily)."
    job = "defectors.retention"

    def task(self):
        from trygg.defectors.retention.services import run_retention

        return run_retention

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only count what would be deleted today; nothing is deleted or logged",
        )

    def handle(self, *args, dry_run=False, **options):
        if not dry_run:
            return super().handle(*args, **options)
        from trygg.defectors.retention.services import retention_run

        result = retention_run(dry_run=True)
        self.stdout.write(
            f"Due for deletion: {len(result['cases'])} cases, {len(result['persons'])} persons."
        )
        for label, count in result["counts"].items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write("Dry run: nothing was deleted.")
