"""Daily jobs run once a day, however many nodes' timers start them (trygg/core/jobs.py)."""

import threading
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings

from trygg.audit.models import AuditEvent
from trygg.core.models import ScheduledRun

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_second_start_on_the_same_day_queues_nothing_and_the_next_day_runs_again(huddinge):
    with time_machine.travel("2026-12-04 02:00 +01:00"):
        first = run("defectors_retention")
        second = run("defectors_retention")
    assert "today's run queued" in first
    assert "already queued" in second and "nothing queued" in second
    assert AuditEvent.objects.filter(action="defectors.retention.run").count() == 1
    with time_machine.travel("2026-12-05 02:00 +01:00"):
        assert "today's run queued" in run("defectors_retention")
    assert AuditEvent.objects.filter(action="defectors.retention.run").count() == 2
    assert ScheduledRun.objects.filter(job="defectors.retention").count() == 2


@pytest.mark.django_db
def test_again_queues_todays_run_once_more_after_a_failure(huddinge):
    with time_machine.travel("2026-12-04 07:00 +01:00"):
        run("fund_reminders")
        first = ScheduledRun.objects.get(job="fund.report_reminders").task_id
        assert "today's run queued" in run("fund_reminders", "--again")
    again = ScheduledRun.objects.get(job="fund.report_reminders").task_id
    assert again and again != first


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several nodes share PostgreSQL; SQLite's in-memory test database refuses a "
    "second writer at once instead of waiting (an installation's file database waits)",
)
@pytest.mark.django_db(transaction=True)
def test_two_nodes_starting_the_daily_jobs_at_the_same_moment_queue_each_once(huddinge):
    """Two nodes' timers fire together: each job is queued once, for one worker to take."""
    from django_tasks_db.models import DBTaskResult

    jobs = ["fund_reminders", "defectors_reminders", "defectors_retention"]
    barrier = threading.Barrier(2 * len(jobs))
    errors: list[BaseException] = []

    def node(command):
        try:
            barrier.wait()
            run(command)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    with override_settings(TASKS=DB_TASKS):
        threads = [threading.Thread(target=node, args=(job,)) for job in jobs for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert DBTaskResult.objects.count() == 3
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == {
        "trygg.fund.tasks.send_report_reminders",
        "trygg.defectors.tasks.reminders.send_task_reminders",
        "trygg.defectors.retention.services.run_retention",
    }
    assert ScheduledRun.objects.count() == 3
