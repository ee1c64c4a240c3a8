"""Tasks and follow-ups of the case team, with due dates (reminders: ``tasks.py``).

A task is assigned to one member of the case team or to the whole team (``assigned_to``
empty). Audit payloads carry the task's id only, never its text.
"""

from __future__ import annotations

from datetime import date as Date

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.services import record_case_event, require_edit, touch
from trygg.defectors.constants import CaseStatus
from trygg.defectors.models import Case, CaseTask, CaseTeamMember
from trygg.defectors.policies import defectors_policy

TITLE_MAX_LENGTH = 200
# "My tasks" shows at most this many open tasks, the most urgent first.
MY_TASKS_LIMIT = 200


def tasks_of(*, case: Case) -> list[CaseTask]:
    """The case's tasks: open ones first by due date, then the done ones, latest first."""
    tasks = list(CaseTask.objects.filter(case=case).select_related("assigned_to", "done_by"))
    today = timezone.localdate()
    for task in tasks:
        task.overdue = task.done_at is None and task.due_on < today
    open_tasks = [t for t in tasks if t.done_at is None]
    done = sorted((t for t in tasks if t.done_at is not None), key=lambda t: t.done_at)
    return open_tasks + done[::-1]


def task_get(*, case: Case, task_id: int) -> CaseTask:
    """A task of this case, or 404 (a task of another case is not found)."""
    task = CaseTask.objects.filter(case=case, pk=task_id).first()
    if task is None:
        raise Http404
    return task


def task_add(*, actor, case: Case, title: str, due_on: Date, assigned_to=None) -> CaseTask:
    """Add a task for one member of the case team, or for the whole team (``None``)."""
    require_edit(actor, case)
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Write what is to be done."), field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise ApplicationError(
            _("Keep the task to at most %(max)d characters.") % {"max": TITLE_MAX_LENGTH},
            field="title",
        )
    if due_on is None:
        raise ApplicationError(_("Give a due date."), field="due_on")
    if due_on < timezone.localdate():
        raise ApplicationError(_("The due date cannot be in the past."), field="due_on")
    if (
        assigned_to is not None
        and not CaseTeamMember.objects.filter(case=case, user_id=assigned_to.pk).exists()
    ):
        raise ApplicationError(
            _("A task can only be given to someone on the case team."), field="assigned_to"
        )
    with transaction.atomic():
        task = CaseTask.objects.create(
            case=case,
            title=title,
            due_on=due_on,
            assigned_to=assigned_to,
            created_by=actor.user,
        )
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.task.create",
            task=task.pk,
            assigned_to=assigned_to.pk if assigned_to is not None else None,
        )
    return task


def task_done(*, actor, case: Case, task: CaseTask) -> CaseTask:
    require_edit(actor, case)
    if task.case_id != case.pk:
        raise Http404
    with transaction.atomic():
        updated = CaseTask.objects.filter(pk=task.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=actor.user, updated_at=timezone.now()
        )
        if not updated:
            raise ApplicationError(_("The task is already done."))
        touch(case)
        record_case_event(actor=actor, case=case, action="defectors.task.done", task=task.pk)
    task.refresh_from_db()
    return task


def task_reopen(*, actor, case: Case, task: CaseTask) -> CaseTask:
    """Mark a done task as not done. It may be reminded of again (reopened work is new)."""
    require_edit(actor, case)
    if task.case_id != case.pk:
        raise Http404
    with transaction.atomic():
        updated = CaseTask.objects.filter(pk=task.pk, done_at__isnull=False).update(
            done_at=None, done_by=None, reminded_on=None, updated_at=timezone.now()
        )
        if not updated:
            raise ApplicationError(_("The task is not done."))
        touch(case)
        record_case_event(actor=actor, case=case, action="defectors.task.reopen", task=task.pk)
    task.refresh_from_db()
    return task


def my_tasks(*, actor) -> tuple[list[CaseTask], bool]:
    """The open tasks of the cases the actor is on the team of, for the actor or the whole
    team, soonest due first, in open cases only. Returns (tasks, more_than_shown).

    Emergency access does not count: it opens one case for a moment, it gives no tasks.
    One ``defectors.task.my_list`` event records which case ids were shown.
    """
    user_id = actor.user.pk
    cases = defectors_policy.visible(actor, Case.objects.all()).filter(team__user_id=user_id)
    rows = list(
        CaseTask.objects.filter(
            Q(assigned_to_id=user_id) | Q(assigned_to__isnull=True),
            done_at__isnull=True,
            case__in=cases.values("pk"),
        )
        .exclude(case__status=CaseStatus.AVSLUTAT)
        .select_related("case")
        .order_by("due_on", "id")[: MY_TASKS_LIMIT + 1]
    )
    more = len(rows) > MY_TASKS_LIMIT
    rows = rows[:MY_TASKS_LIMIT]
    today = timezone.localdate()
    for task in rows:
        task.overdue = task.due_on < today
    shown_cases = sorted({task.case_id for task in rows})
    record(
        action="defectors.task.my_list",
        actor=actor,
        payload={"cases": shown_cases},
        also=(Case._meta.label_lower, shown_cases),
    )
    return rows, more
