"""Background work of the defector programme: reminders of case tasks (django-tasks).

A reminder e-mail leaves the municipality's systems, so it carries no personal data and
nothing of the task's text: only the case reference (an internal number), the due date and
a link. Whoever follows the link logs in with two factors and sees the task in Trygg.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from trygg.audit.services import record
from trygg.defectors.constants import CaseStatus
from trygg.defectors.models import CaseTask, CaseTeamMember

logger = logging.getLogger(__name__)


def tasks_to_remind(*, today):
    """Open tasks of open cases due within the reminder window (or overdue), not reminded yet."""
    horizon = today + timedelta(days=settings.TRYGG_DEFECTORS_TASK_REMINDER_DAYS)
    return (
        CaseTask.objects.filter(done_at__isnull=True, reminded_on__isnull=True, due_on__lte=horizon)
        .exclude(case__status=CaseStatus.AVSLUTAT)
        .select_related("case")
        .order_by("due_on", "id")
    )


def _team_emails(case_ids) -> dict[int, dict[int, str]]:
    """case id -> {user id: e-mail} of the active members of each case team, in one query."""
    teams: dict[int, dict[int, str]] = defaultdict(dict)
    members = CaseTeamMember.objects.filter(case_id__in=case_ids, user__is_active=True)
    for case_id, user_id, email in members.values_list("case_id", "user_id", "user__email"):
        if email:
            teams[case_id][user_id] = email
    return teams


def _recipients(task: CaseTask, team: dict[int, str]) -> list[str]:
    """The assignee, while still an active team member; otherwise the whole active team."""
    if task.assigned_to_id in team:
        return [team[task.assigned_to_id]]
    return sorted(set(team.values()))


def _message(task: CaseTask, today, recipient: str) -> EmailMessage:
    link = settings.TRYGG_BASE_URL.rstrip("/") + reverse("defectors:tasks", args=[task.case_id])
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "defectors/email/task_reminder.txt",
            {
                "reference": task.case.reference,
                "due_on": task.due_on,
                "overdue": task.due_on < today,
                "link": link,
            },
        )
        subject = translation.gettext("Task in case %(reference)s") % {
            "reference": task.case.reference
        }
    return EmailMessage(subject, body, None, [recipient])


@task()
def send_task_reminders() -> int:
    """Remind the case team once of each open task as it comes within
    TRYGG_DEFECTORS_TASK_REMINDER_DAYS of its due date (or is already overdue).

    A task is claimed (``reminded_on``) in the same transaction as its e-mails and its
    audit event: if sending fails, the claim is undone and the next run tries again.
    Returns the number of tasks reminded of.
    """
    today = timezone.localdate()
    due = list(tasks_to_remind(today=today))
    teams = _team_emails({t.case_id for t in due})
    connection = get_connection()
    sent = 0
    for case_task in due:
        recipients = _recipients(case_task, teams.get(case_task.case_id, {}))
        try:
            with transaction.atomic():
                claimed = CaseTask.objects.filter(
                    pk=case_task.pk, done_at__isnull=True, reminded_on__isnull=True
                ).update(reminded_on=today)
                if not claimed:
                    continue  # done meanwhile, or another worker got there first
                connection.send_messages(
                    [_message(case_task, today, recipient) for recipient in recipients]
                )
                case = case_task.case
                record(
                    action="defectors.task.remind",
                    target=case,
                    organisation_id=case.unit_id,
                    municipality_id=case.municipality_id,
                    payload={"task": case_task.pk, "recipients": len(recipients)},
                )
        except Exception as error:
            # The error text may hold e-mail addresses: log the task id and the kind only.
            logger.error(
                "Reminder of defector task %s not sent (%s); tried again on the next run.",
                case_task.pk,
                type(error).__name__,
            )
            continue
        sent += 1
    return sent
