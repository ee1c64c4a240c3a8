"""Queue the daily follow-up report reminders. Run it once a day (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from trygg.fund.tasks import send_report_reminders


class Command(BaseCommand):
    help = "Queue the reminders for follow-up reports (run daily)."

    def handle(self, *args, **options):
        result = send_report_reminders.enqueue()
        self.stdout.write(f"Reminder task queued ({result.id}).")
