"""Queue the daily task reminders to the case teams. Run it once a day (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from trygg.defectors.tasks.reminders import send_task_reminders


class Command(BaseCommand):
    help = "Queue the reminders of case tasks that are due soon or overdue (run daily)."

    def handle(self, *args, **options):
        result = send_task_reminders.enqueue()
        self.stdout.write(f"Reminder task queued ({result.id}).")
