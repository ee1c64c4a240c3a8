"""manage.py task_queue_status: the queue's size and age for monitoring, without personal data."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from trygg.accounts.tasks import send_invitation

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An id no user has: the argument must never appear in the output.
UNMISTAKABLE_ID = 987654321


def status(*args) -> dict[str, str]:
    out = io.StringIO()
    call_command("task_queue_status", *args, stdout=out)
    return dict(line.split("=", 1) for line in out.getvalue().splitlines())


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


@pytest.mark.django_db
def test_an_empty_queue_has_no_age(database_queue):
    report = status("--max-age", "0")
    assert report["ready_tasks"] == "0"
    assert report["oldest_ready_age_seconds"] == "0"
    assert report["failed_tasks_24h"] == "0"


@pytest.mark.django_db
def test_a_queued_task_is_counted_and_ages(database_queue):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_invitation.enqueue(UNMISTAKABLE_ID)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        out = io.StringIO()
        call_command("task_queue_status", stdout=out)
    report = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert report["backend"] == "django_tasks_db.DatabaseBackend"
    assert report["ready_tasks"] == "1"
    assert report["oldest_ready_age_seconds"] == "600"
    assert str(UNMISTAKABLE_ID) not in out.getvalue()


@pytest.mark.django_db
def test_max_age_fails_when_the_oldest_ready_task_waited_too_long(database_queue):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_invitation.enqueue(UNMISTAKABLE_ID)
    with time_machine.travel(start + timedelta(seconds=301), tick=False):
        with pytest.raises(CommandError, match="301 s, more than 300 s"):
            status("--max-age", "300")
        assert status("--max-age", "400")["ready_tasks"] == "1"


@pytest.mark.django_db
def test_a_deferred_task_waits_only_from_its_run_after(database_queue):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_invitation.using(run_after=start + timedelta(hours=1)).enqueue(UNMISTAKABLE_ID)
        assert status()["ready_tasks"] == "0"
    with time_machine.travel(start + timedelta(hours=1, seconds=30), tick=False):
        report = status()
    assert report["ready_tasks"] == "1"
    assert report["oldest_ready_age_seconds"] == "30"


# Committed for real: the worker closes its database connection after its batch, which on
# PostgreSQL would end a test's enclosing transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_empties_the_queue(database_queue):
    send_invitation.enqueue(UNMISTAKABLE_ID)
    assert status()["ready_tasks"] == "1"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert status()["ready_tasks"] == "0"
    assert DBTaskResult.objects.successful().count() == 1


@pytest.mark.django_db
def test_failed_tasks_are_counted_by_name_without_their_traceback(database_queue):
    send_invitation.enqueue(UNMISTAKABLE_ID)
    result = DBTaskResult.objects.get()
    result.set_failed(RuntimeError("550 recipient anna.andersson@huddinge.example refused"))
    out = io.StringIO()
    call_command("task_queue_status", stdout=out)
    assert "failed_tasks_24h=1" in out.getvalue()
    assert "failed_tasks_24h[trygg.accounts.tasks.send_invitation]=1" in out.getvalue()
    assert "anna.andersson" not in out.getvalue()
    assert "RuntimeError" not in out.getvalue()
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        assert status()["failed_tasks_24h"] == "0"


@pytest.mark.django_db
def test_a_running_task_shows_how_long_it_has_run(database_queue):
    send_invitation.enqueue(UNMISTAKABLE_ID)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        DBTaskResult.objects.get().claim("worker-1")
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        report = status("--max-age", "0")
    assert report["ready_tasks"] == "0"
    assert report["running_tasks"] == "1"
    assert report["oldest_running_age_seconds"] == "300"
