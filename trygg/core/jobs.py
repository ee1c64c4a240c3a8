"""Daily jobs that run once a day, however many app nodes' timers start them.

Every node may have the same cron line or systemd timer (nodes are alike, so none is
special). ``queue_daily`` records the day's run in ``ScheduledRun`` and queues the task in
one transaction; the unique constraint on (job, day) lets only the first commit, and the
others are told the day's run is already queued. The task itself is then taken by exactly
one worker: django-tasks' database backend claims a task with ``SELECT … FOR UPDATE SKIP
LOCKED``. A failed run shows in the task queue; ``again=True`` (the commands' ``--again``)
queues the day's run once more, for the operator who has fixed the cause.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from trygg.core.models import ScheduledRun


@dataclass(frozen=True)
class Queued:
    queued: bool  # False: another node queued today's run first
    task_id: str


def queue_daily(*, job: str, task, again: bool = False) -> Queued:
    today = timezone.localdate()
    if again:
        with transaction.atomic():
            run = ScheduledRun.objects.select_for_update().filter(job=job, day=today).first()
            result = task.enqueue()
            if run is None:
                ScheduledRun.objects.create(
                    job=job, day=today, queued_at=timezone.now(), task_id=str(result.id)
                )
            else:
                run.task_id, run.queued_at = str(result.id), timezone.now()
                run.save(update_fields=["task_id", "queued_at"])
        return Queued(queued=True, task_id=str(result.id))
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job, day=today, queued_at=timezone.now())
            result = task.enqueue()
            run.task_id = str(result.id)
            run.save(update_fields=["task_id"])
    except IntegrityError:
        existing = ScheduledRun.objects.get(job=job, day=today)
        return Queued(queued=False, task_id=existing.task_id)
    return Queued(queued=True, task_id=run.task_id)


class DailyJobCommand(BaseCommand):
    """A management command that queues one daily job (``job`` names it, ``task()`` returns
    the django-tasks task). Output holds ids only."""

    job = ""

    def task(self):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--again",
            action="store_true",
            help="queue today's run even if it was queued already (after a failed run)",
        )

    def handle(self, *args, again=False, **options):
        outcome = queue_daily(job=self.job, task=self.task(), again=again)
        if outcome.queued:
            self.stdout.write(f"{self.job}: today's run queued ({outcome.task_id}).")
        else:
            self.stdout.write(
                f"{self.job}: today's run was already queued ({outcome.task_id}); nothing queued."
            )
