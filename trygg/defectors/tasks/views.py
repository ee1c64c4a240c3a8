"""Pages of the defector programme: the case team's tasks, and "My tasks" across cases."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.models import User
from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors, services
from trygg.defectors.cases.sections import case_context
from trygg.defectors.policies import defectors_policy
from trygg.defectors.tasks import services as case_tasks
from trygg.defectors.tasks.forms import TaskForm


def _team(case):
    return User.objects.filter(defector_teams__case=case).order_by("full_name", "id")


def _tasks_page(request, case, *, form=None):
    can_edit = bool(defectors_policy.can(request.actor, "edit", case))
    if can_edit and form is None:
        form = TaskForm(team=_team(case))
    return render(
        request,
        "defectors/tasks.html",
        case_context(
            case,
            "tasks",
            tasks=case_tasks.tasks_of(case=case),
            can_edit=can_edit,
            form=form if can_edit else None,
        ),
    )


@guard(defectors_policy, "use")
def tasks_view(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, action="defectors.task.list")
    return _tasks_page(request, case)


@guard(defectors_policy, "use")
@require_POST
def task_add_view(request, case_id: int):
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    services.require_edit(request.actor, case)
    form = TaskForm(request.POST, team=_team(case))
    if form.is_valid():
        try:
            case_tasks.task_add(actor=request.actor, case=case, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The task was added."))
            return redirect("defectors:tasks", case.pk)
    # The refused form shows the task list again: a view of the case file too.
    services.record_case_event(actor=request.actor, case=case, action="defectors.task.list")
    return _tasks_page(request, case, form=form)


def _change(request, case_id: int, task_id: int, change, done_message: str):
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    services.require_edit(request.actor, case)
    task = case_tasks.task_get(case=case, task_id=task_id)
    try:
        change(actor=request.actor, case=case, task=task)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message)
    return redirect("defectors:tasks", case.pk)


@guard(defectors_policy, "use")
@require_POST
def task_done_view(request, case_id: int, task_id: int):
    return _change(request, case_id, task_id, case_tasks.task_done, _("The task is done."))


@guard(defectors_policy, "use")
@require_POST
def task_reopen_view(request, case_id: int, task_id: int):
    return _change(request, case_id, task_id, case_tasks.task_reopen, _("The task is open again."))


@guard(defectors_policy, "use")
def my_tasks_view(request):
    tasks, more = case_tasks.my_tasks(actor=request.actor)
    return render(
        request,
        "defectors/tasks_mine.html",
        {"tasks": tasks, "more": more, "limit": case_tasks.MY_TASKS_LIMIT},
    )
