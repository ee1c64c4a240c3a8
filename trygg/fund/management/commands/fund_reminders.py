"""Queue the daily follow-up report reminders. Run it once a day (cron or a systemd timer) on
any number of nodes: only the first queues the day's run (trygg/core/jobs.py)."""

from trygg.core.jobs import DailyJobCommand


class Command(DailyJobCommand):
    help = "Queue the reminders for follow-up reports (run daily)."
    job = "fund.report_reminders"

    def task(self):
        from trygg.fund.tasks import send_report_reminders

        return send_report_reminders
