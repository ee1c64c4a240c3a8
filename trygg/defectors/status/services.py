"""The case's status: moves between the stages, closure with an outcome, and reopening.

Social work is not linear: a case may move to any open stage, forward or back. Every move
is a ``CaseStatusChange`` row (the case's history, and the source of durations in the
statistics) and one audit event with the status codes only; the note is encrypted in the
row and never in the audit.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.services import record_case_event, require_edit, touch
from trygg.defectors.constants import CaseStatus, Outcome
from trygg.defectors.models import Case, CaseStatusChange
from trygg.defectors.policies import defectors_policy

OPEN_STAGES = [status for status in CaseStatus if status != CaseStatus.AVSLUTAT]


def _open_stage(value: str) -> CaseStatus:
    if value not in {stage.value for stage in OPEN_STAGES}:
        raise ApplicationError(_("Choose one of the open stages."), field="to_status")
    return CaseStatus(value)


def _stage_index(status: str) -> int:
    return CaseStatus.values.index(status)


def _locked(case: Case) -> Case:
    """The case row again, inside the transaction, so two moves cannot cross."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _change(*, actor, case: Case, from_status: str, to_status: str, at: datetime, **fields):
    change = CaseStatusChange(
        case=case, from_status=from_status, to_status=to_status, at=at, by=actor.user, **fields
    )
    change.full_clean()
    change.save()
    return change


def status_change(*, actor, case: Case, to_status: str, note: str = "") -> CaseStatusChange:
    """Move an open case to another open stage, forward or back (a note says why).

    Closing has its own service (``case_close``): it needs an outcome."""
    require_edit(actor, case)
    target = _open_stage(to_status)
    with transaction.atomic():
        current = _locked(case)
        if current.status == CaseStatus.AVSLUTAT:
            raise ApplicationError(_("The case is closed. Reopen it first."), field="to_status")
        if current.status == target:
            raise ApplicationError(_("The case is already at this stage."), field="to_status")
        if _stage_index(target) < _stage_index(current.status) and not note.strip():
            raise ApplicationError(
                _("Say why the case goes back to an earlier stage."), field="note"
            )
        now = timezone.now()
        change = _change(
            actor=actor,
            case=case,
            from_status=current.status,
            to_status=target,
            at=now,
            note=note.strip(),
        )
        Case.objects.filter(pk=case.pk).update(status=target, updated_at=now)
        case.status = target
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.case.status",
            change=change.pk,
            **{"from": current.status, "to": target.value},
        )
    return change


def case_close(
    *, actor, case: Case, outcome: str, closed_on: Date | None = None, note: str = ""
) -> CaseStatusChange:
    """Close the case with an outcome. Only the case team closes (not by emergency access).

    Open tasks stay as they are. The case becomes read-only until it is reopened, and
    retention counts from this last entry. ``closed_on`` may be an earlier day (the last
    meeting) but not before the case was opened nor in the future."""
    defectors_policy.require(actor, "close", case)
    return close_case(actor=actor, case=case, outcome=outcome, closed_on=closed_on, note=note)


def close_case(
    *, actor, case: Case, outcome: str, closed_on: Date | None = None, note: str = ""
) -> CaseStatusChange:
    """Close without asking the team rule: for callers that have checked their own (the unit
    manager deciding a duplicate intake)."""
    if outcome not in Outcome.values:
        raise ApplicationError(_("Choose the outcome of the case."), field="outcome")
    now = timezone.now()
    today = timezone.localdate(now)
    closed_on = closed_on or today
    if closed_on > today:
        raise ApplicationError(_("The case cannot be closed in the future."), field="closed_on")
    if closed_on < timezone.localdate(case.opened_at):
        raise ApplicationError(
            _("The case cannot be closed before it was opened."), field="closed_on"
        )
    if closed_on == today:
        closed_at = now
    else:
        closed_at = max(timezone.make_aware(datetime.combine(closed_on, time(12))), case.opened_at)
    with transaction.atomic():
        current = _locked(case)
        if current.status == CaseStatus.AVSLUTAT:
            raise ApplicationError(_("The case is already closed."), field="outcome")
        change = _change(
            actor=actor,
            case=case,
            from_status=current.status,
            to_status=CaseStatus.AVSLUTAT,
            at=now,
            outcome=outcome,
            note=note.strip(),
        )
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.AVSLUTAT, closed_at=closed_at, outcome=outcome, updated_at=now
        )
        case.status, case.closed_at, case.outcome = CaseStatus.AVSLUTAT, closed_at, outcome
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.case.close",
            change=change.pk,
            outcome=outcome,
            **{"from": current.status},
        )
    return change


def case_reopen(*, actor, case: Case, to_status: str, note: str) -> CaseStatusChange:
    """Reopen a closed case at an open stage: its team or the unit manager.

    The outcome and closing time are cleared (the history keeps them)."""
    defectors_policy.require(actor, "reopen", case)
    target = _open_stage(to_status)
    if not note.strip():
        raise ApplicationError(_("Say why the case is reopened."), field="note")
    with transaction.atomic():
        current = _locked(case)
        if current.status != CaseStatus.AVSLUTAT:
            raise ApplicationError(_("The case is not closed."), field="to_status")
        now = timezone.now()
        change = _change(
            actor=actor,
            case=case,
            from_status=CaseStatus.AVSLUTAT,
            to_status=target,
            at=now,
            note=note.strip(),
        )
        Case.objects.filter(pk=case.pk).update(
            status=target, closed_at=None, outcome="", updated_at=now
        )
        case.status, case.closed_at, case.outcome = target, None, ""
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.case.reopen",
            change=change.pk,
            outcome=current.outcome,
            to=target.value,
        )
    return change


def status_history(*, case: Case) -> list[CaseStatusChange]:
    """The case's moves, oldest first, with who made them (one query)."""
    return list(case.status_changes.select_related("by").order_by("at", "id"))


def deletion_window(case: Case) -> tuple[Date, Date]:
    """When a closed case file is deleted if nothing more is written in it: from the
    retention period after the last entry, at the latest by the end of the following
    calendar year (legal holds and the research exemption aside)."""
    from trygg.defectors.retention.services import deletion_deadline, due_on

    return due_on(case), deletion_deadline(case)


def case_for_reopen(*, actor, case_id: int) -> Case:
    """A closed case the actor may reopen (its team, or the unit manager who sees it in the
    unit's list without being on the team); 404 otherwise."""
    from django.http import Http404

    case = (
        defectors_policy.visible(actor, Case.objects.all())
        .select_related("unit")
        .filter(pk=case_id)
        .first()
    )
    if case is None or not (
        case.team.filter(user_id=actor.user.pk).exists()
        or defectors_policy.can(actor, "assign", case)
    ):
        raise Http404
    return case
