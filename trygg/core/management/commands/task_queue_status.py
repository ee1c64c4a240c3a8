"""The background task queue at a glance, for a monitoring probe.

django-tasks-db keeps the queue in one table (``DBTaskResult``): a task waits as READY until
``db_worker`` claims it (RUNNING) and ends SUCCESSFUL or FAILED. A deferred task is READY with
a ``run_after`` in the future and is not waiting yet; one whose ``run_after`` has passed has
waited since then, any other since it was queued. If no worker runs, the oldest ready task
only grows older: that age is the number to alert on (``--max-age``). A task stays RUNNING
for good when its worker was killed in the middle (no worker takes it up again), so a
running task much older than the longest task takes is worth a look too.

The output is counts, ages and task names only. Task arguments (ids) and the tracebacks of
failed tasks stay in the database: a traceback can quote a value, such as an e-mail address
a mail server refused.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

FAILED_WINDOW = timedelta(hours=24)


def oldest_ready_since():
    """When the longest-waiting ready task became ready, or None if none is ready."""
    ready = DBTaskResult.objects.ready()
    never_deferred = ready.filter(run_after=get_date_max()).aggregate(since=Min("enqueued_at"))
    deferred = ready.exclude(run_after=get_date_max()).aggregate(since=Min("run_after"))
    times = [t for t in (never_deferred["since"], deferred["since"]) if t is not None]
    return min(times) if times else None


def seconds_since(moment, now) -> int:
    return max(0, int((now - moment).total_seconds())) if moment is not None else 0


class Command(BaseCommand):
    help = (
        "Print how many tasks are ready and how long the oldest has waited, how many run and "
        "for how long, and how many failed in the last 24 hours. With --max-age, exit non-zero "
        "when the oldest ready task has waited longer (no worker, or one that cannot keep up)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age",
            type=int,
            metavar="SECONDS",
            help="exit with status 1 when the oldest ready task has waited longer than this",
        )

    def handle(self, *args, max_age=None, **options):
        now = timezone.now()
        ready_age = seconds_since(oldest_ready_since(), now)
        running = DBTaskResult.objects.running().aggregate(
            count=Count("id"), since=Min("started_at")
        )
        failed = list(
            DBTaskResult.objects.failed()
            .filter(finished_at__gte=now - FAILED_WINDOW)
            .values("task_path")
            .annotate(count=Count("id"))
            .order_by("task_path")
        )
        lines = [
            f"backend={settings.TASKS['default']['BACKEND']}",
            f"ready_tasks={DBTaskResult.objects.ready().count()}",
            f"oldest_ready_age_seconds={ready_age}",
            f"running_tasks={running['count']}",
            f"oldest_running_age_seconds={seconds_since(running['since'], now)}",
            f"failed_tasks_24h={sum(row['count'] for row in failed)}",
        ]
        lines += [f"failed_tasks_24h[{row['task_path']}]={row['count']}" for row in failed]
        self.stdout.write("\n".join(lines))
        if max_age is not None and ready_age > max_age:
            raise CommandError(
                f"The oldest ready task has waited {ready_age} s, more than {max_age} s: "
                "is manage.py db_worker running?"
            )
