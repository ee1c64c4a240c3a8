"""Queue the daily task reminders to the case teams. Run it once a day (cron or a systemd
timer) on any number of nodes: only the first queues the day's run (trygg/core/jobs.py)."""

from trygg.core.jobs import DailyJobCommand


class Command(DailyJobCommand):
    help = "Queue the reminders of case tasks that are due soon or overdue (run daily)."
    job = "defectors.task_reminders"

    def task(self):
        from trygg.defectors.tasks.reminders import send_task_reminders

        return send_task_reminders
