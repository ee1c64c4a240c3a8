"""Retention (gallring) of the defector programme's case files, and legal holds.

The rules are settings (config/settings.py), the law being a default that may change:

- **When.** A closed case (status avslutat) is due for deletion
  ``TRYGG_DEFECTORS_RETENTION_YEARS`` (5) years after its last entry (``Case.last_entry_at``,
  kept by ``services.touch``; SoL 12 kap. 1 §). The law says the file is to be deleted five
  years after the last entry "by the end of the following calendar year" at the latest. We
  read it as: the case is due on the day five years after the date of the last entry
  (``due_on``), and the daily job deletes it that same day. That is always within the legal
  deadline, 31 December of the year after the five-year mark (``deletion_deadline``, shown
  on the case), and it keeps nothing this sensitive longer than needed (GDPR art. 5(1)(e)).
  An open case is never due, however old its last entry.
- **Research exemption.** A person born on a day listed in
  ``TRYGG_DEFECTORS_RETENTION_EXEMPT_BIRTH_DAYS`` (5th, 15th, 25th) is kept with all their
  cases (``Person.birth_day``).
- **Legal hold.** A case with a legal hold is kept until the hold is cleared. Setting or
  clearing a hold is not an entry in the case file: it does not move ``last_entry_at``, so
  a cleared hold does not restart the five years.
- **The person's file stays whole.** A case whose person has another case that is not due
  (open, held, or with a later last entry) is kept as well; the person's cases go together
  once the last of them is due. An anonymous contact (no person) follows its own dates.

What a run deletes: each due case with everything in it (every child row cascades: intake,
status history, mapping and needs, risk analyses, consents and disclosures, agreements with
conditions and follow-ups, plan, interventions, journal entries, documents, tasks, the case
team and emergency accesses), the encrypted document files in storage (after the commit),
and the person with their relatives and contacts once none of their cases remain. All in one
transaction, recorded as ONE audit event ``defectors.retention.run`` holding case ids,
person ids and row counts per model: no names, no references, no text.

The scheduled job is the ``run_retention`` task; ``manage.py defectors_retention`` queues it
(run it daily) or, with ``--dry-run``, prints what would be deleted.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from trygg.audit.models import AuditEvent
from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.keyset import KeysetPage, keyset_page
from trygg.defectors.constants import CaseStatus
from trygg.defectors.models import Case, CaseAttachment, Disclosure, JournalEntry, Person
from trygg.defectors.policies import defectors_policy

CASES_PER_PAGE = 50
LEGAL_HOLD_REASON_MAX_LENGTH = 1000


class RetentionStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open: not deleted while the case is open")
    LEGAL_HOLD = "legal_hold", gettext_lazy("Kept: legal hold")
    RESEARCH = "research", gettext_lazy("Kept for research (day of birth)")
    DUE = "due", gettext_lazy("Due for deletion")
    NOT_YET_DUE = "not_yet_due", gettext_lazy("Not yet due")
    OTHER_CASE = "other_case", gettext_lazy("Kept: the person has another case that is not due")


def retention_years() -> int:
    return settings.TRYGG_DEFECTORS_RETENTION_YEARS


def exempt_birth_days() -> list[int]:
    return list(settings.TRYGG_DEFECTORS_RETENTION_EXEMPT_BIRTH_DAYS)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one: the day after 28 February
        return date(day.year + years, 3, 1)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February back into a year without one
        return date(day.year - years, 2, 28)


def due_on(case: Case) -> date:
    """The day the case is due for deletion if closed: last entry date plus the years."""
    return _years_after(timezone.localdate(case.last_entry_at), retention_years())


def deletion_deadline(case: Case) -> date:
    """The legal deadline: 31 December of the year after the case became due."""
    return date(due_on(case).year + 1, 12, 31)


def _entry_cutoff(today: date) -> datetime:
    """A case is due when its last entry is before this moment (local time): the start
    of the day after ``today`` less the years, so an entry on 10 June 2020 is due on
    10 June 2025."""
    last_day = _years_before(today, retention_years())
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


def _due_by_own_dates(today: date) -> dict:
    return {
        "status": CaseStatus.AVSLUTAT,
        "last_entry_at__lt": _entry_cutoff(today),
        "legal_hold": False,
    }


def _candidates(today: date) -> QuerySet[Case]:
    """Closed cases that are due by their own dates, hold and day of birth."""
    return Case.objects.filter(**_due_by_own_dates(today)).exclude(
        person__birth_day__in=exempt_birth_days()
    )


def due_cases(*, today: date) -> QuerySet[Case]:
    """Closed cases due for deletion on ``today`` under the rules in the module docstring."""
    candidates = _candidates(today)
    not_due = Case.objects.filter(person__isnull=False).exclude(pk__in=candidates.values("pk"))
    return candidates.exclude(person_id__in=not_due.values("person_id"))


def due_among(*, case_ids: list[int], today: date) -> set[int]:
    """The ids among ``case_ids`` that ``due_cases(today)`` holds, in one query.

    The same rule, but only the listed cases' persons are looked at: ``due_cases`` on its
    own compares every case of every municipality, which a page of fifty does not need.
    A candidate's person is not exempt by day of birth, so another case of theirs is a
    candidate exactly when it is due by its own dates and hold."""
    listed = _candidates(today).filter(pk__in=case_ids)
    persons = listed.filter(person__isnull=False).values("person_id")
    not_due = Case.objects.filter(person_id__in=persons).exclude(**_due_by_own_dates(today))
    return set(
        listed.exclude(person_id__in=not_due.values("person_id")).values_list("pk", flat=True)
    )


def retention_status(case: Case, *, due: bool, today: date | None = None) -> RetentionStatus:
    """Why the case is kept or deleted. ``due``: the case is in ``due_cases(today)``;
    ``case.person_birth_day`` (annotated) or ``case.person`` gives the day of birth."""
    today = today or timezone.localdate()
    if case.status != CaseStatus.AVSLUTAT:
        return RetentionStatus.OPEN
    if case.legal_hold:
        return RetentionStatus.LEGAL_HOLD
    if hasattr(case, "person_birth_day"):
        birth_day = case.person_birth_day
    else:
        birth_day = case.person.birth_day if case.person_id else None
    if birth_day in exempt_birth_days():
        return RetentionStatus.RESEARCH
    if due:
        return RetentionStatus.DUE
    if due_on(case) > today:
        return RetentionStatus.NOT_YET_DUE
    return RetentionStatus.OTHER_CASE


@dataclass(frozen=True)
class RetentionFacts:
    status: RetentionStatus
    last_entry: date
    due_on: date | None
    deletion_deadline: date | None


def retention_facts(case: Case, *, today: date | None = None) -> RetentionFacts:
    """What the case page shows about retention (one query). The dates are None while the
    case is open: they count from the last entry, which moves until the case is closed."""
    today = today or timezone.localdate()
    closed = case.status == CaseStatus.AVSLUTAT
    due = closed and case.pk in due_among(case_ids=[case.pk], today=today)
    return RetentionFacts(
        status=retention_status(case, due=due, today=today),
        last_entry=timezone.localdate(case.last_entry_at),
        due_on=due_on(case) if closed else None,
        deletion_deadline=deletion_deadline(case) if closed else None,
    )


@dataclass(frozen=True)
class RetentionRow:
    case_id: int
    reference: str
    closed_on: date | None
    last_entry: date
    due_on: date
    deletion_deadline: date
    status: RetentionStatus


# Oldest last entry first: the cases nearest deletion lead; the id gives each its own place.
RETENTION_ORDER = ("last_entry_at", "id")


def retention_overview(
    *, actor, params: QueryDict | None = None, today: date | None = None
) -> KeysetPage:
    """The unit manager's overview: one page of the unit's closed cases, oldest last entry
    first, with the retention dates and status. References and dates only, no person data
    (the person row is not even loaded). ``params`` (the query string) says which page, by
    keyset (``trygg.core.keyset``): no count of every closed case on every view. Two
    queries whatever the number of cases, and one ``defectors.retention.list`` event
    recording the case ids shown."""
    defectors_policy.require(actor, "view_retention")
    today = today or timezone.localdate()
    cases = (
        defectors_policy.visible(actor, Case.objects.all())
        .filter(status=CaseStatus.AVSLUTAT)
        .annotate(person_birth_day=F("person__birth_day"))
        .only("id", "reference", "status", "closed_at", "last_entry_at", "legal_hold")
    )
    shown = keyset_page(
        cases, ordering=RETENTION_ORDER, size=CASES_PER_PAGE, params=params or QueryDict()
    )
    listed = list(shown.object_list)
    due_ids = due_among(case_ids=[case.pk for case in listed], today=today)
    shown.object_list = [
        RetentionRow(
            case_id=case.pk,
            reference=case.reference,
            closed_on=timezone.localdate(case.closed_at) if case.closed_at else None,
            last_entry=timezone.localdate(case.last_entry_at),
            due_on=due_on(case),
            deletion_deadline=deletion_deadline(case),
            status=retention_status(case, due=case.pk in due_ids, today=today),
        )
        for case in listed
    ]
    record(
        action="defectors.retention.list",
        actor=actor,
        payload={"cases": [row.case_id for row in shown.object_list]},
        also=(Case._meta.label_lower, [row.case_id for row in shown.object_list]),
    )
    return shown


# --- Legal hold -------------------------------------------------------------------------


def legal_hold_set(*, actor, case: Case, reason: str) -> Case:
    """Stop the case from being deleted by retention, with a reason (encrypted; never in
    the audit). Setting it again replaces the reason. The case team only, also when closed.
    Not an entry in the case file: ``last_entry_at`` stays (see the module docstring)."""
    from trygg.defectors.cases.services import record_case_event

    defectors_policy.require(actor, "legal_hold", case)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the legal hold."), field="reason")
    if len(reason) > LEGAL_HOLD_REASON_MAX_LENGTH:
        raise ApplicationError(
            _("Keep the reason under %(count)d characters.")
            % {"count": LEGAL_HOLD_REASON_MAX_LENGTH},
            field="reason",
        )
    with transaction.atomic():
        case.legal_hold = True
        case.legal_hold_reason = reason
        case.save(update_fields=["legal_hold", "legal_hold_reason", "updated_at"])
        record_case_event(
            actor=actor, case=case, action="defectors.case.legal_hold", legal_hold="on"
        )
    return case


def legal_hold_clear(*, actor, case: Case) -> Case:
    """Lift the legal hold: retention applies to the case again from its last entry."""
    from trygg.defectors.cases.services import record_case_event

    defectors_policy.require(actor, "legal_hold", case)
    if not case.legal_hold:
        raise ApplicationError(_("The case has no legal hold."))
    with transaction.atomic():
        case.legal_hold = False
        case.legal_hold_reason = ""
        case.save(update_fields=["legal_hold", "legal_hold_reason", "updated_at"])
        record_case_event(
            actor=actor, case=case, action="defectors.case.legal_hold", legal_hold="off"
        )
    return case


# --- The retention run ------------------------------------------------------------------


def _retention_delete_allowed():
    """Let the database delete signed journal entries (refused outside retention)."""
    try:
        from trygg.defectors.journal.services import retention_delete_allowed
    except ImportError:
        return contextlib.nullcontext()
    return retention_delete_allowed()


def _delete(queryset: QuerySet, counts: Counter) -> None:
    _total, per_model = queryset.delete()
    counts.update({label: count for label, count in per_model.items() if count})


def _delete_journal(case_ids: list[int], counts: Counter) -> None:
    """Delete the cases' journal entries, corrections before what they correct: the link
    from a correction to the entry it corrects is PROTECT, so a case cannot cascade them.
    One round per level of corrections (one or two in practice)."""
    entries = JournalEntry.objects.filter(case_id__in=case_ids)
    while entries.exists():
        corrected = JournalEntry.objects.filter(corrects__isnull=False).values("corrects_id")
        leaves = entries.exclude(pk__in=corrected)
        if not leaves.exists():
            break  # corrected from outside the deleted cases: the case delete will refuse
        _delete(leaves, counts)


def _delete_stored(storage_names: list[str]) -> None:
    from trygg.defectors.documents import storage as files

    for storage_name in storage_names:
        files.delete_stored(CaseAttachment(storage_name=storage_name))


def retention_run(*, today: date | None = None, dry_run: bool = False) -> dict:
    """Delete every case due on ``today`` (default: today) and what goes with it.

    Returns ``{"on", "cases", "persons", "counts", "dry_run"}``: the ids of the deleted
    cases and persons and the deleted rows per model. A dry run deletes the same rows
    inside the transaction, counts them and rolls back: exact counts, nothing deleted,
    nothing audited."""
    today = today or timezone.localdate()
    counts: Counter = Counter()
    with transaction.atomic():
        case_ids = list(due_cases(today=today).values_list("pk", flat=True))
        if case_ids:
            # Lock the rows, then ask again: a case reopened meanwhile is no longer due.
            list(Case.objects.select_for_update().filter(pk__in=case_ids).values_list("pk"))
            case_ids = list(
                due_cases(today=today).filter(pk__in=case_ids).values_list("pk", flat=True)
            )
        case_ids.sort()
        person_ids = set(
            Case.objects.filter(pk__in=case_ids, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        storage_names = list(
            CaseAttachment.objects.filter(case_id__in=case_ids).values_list(
                "storage_name", flat=True
            )
        )
        with _retention_delete_allowed():
            # Disclosure -> consent is PROTECT: the disclosures go first.
            _delete(Disclosure.objects.filter(case_id__in=case_ids), counts)
            _delete_journal(case_ids, counts)
            _delete(Case.objects.filter(pk__in=case_ids), counts)
            deleted_person_ids = sorted(
                Person.objects.filter(pk__in=person_ids)
                .exclude(pk__in=Case.objects.filter(person__isnull=False).values("person_id"))
                .values_list("pk", flat=True)
            )
            _delete(Person.objects.filter(pk__in=deleted_person_ids), counts)
        result = {
            "on": today.isoformat(),
            "cases": case_ids,
            "persons": deleted_person_ids,
            "counts": dict(sorted(counts.items())),
            "dry_run": dry_run,
        }
        if dry_run:
            transaction.set_rollback(True)
            return result
        record(
            action="defectors.retention.run",
            payload={key: result[key] for key in ("on", "cases", "persons", "counts")},
        )
        transaction.on_commit(lambda: _delete_stored(storage_names))
    return result


def retention_last_run():
    """When the retention job last ran (its audit event; one row by the action index), or
    None. The unit manager sees it: a job that silently stopped keeps data past its time."""
    return (
        AuditEvent.objects.filter(action="defectors.retention.run")
        .order_by("-id")
        .values_list("at", flat=True)
        .first()
    )


@task()
def run_retention() -> dict:
    """The daily retention job (queued by ``manage.py defectors_retention``)."""
    result = retention_run()
    return {"cases": len(result["cases"]), "persons": len(result["persons"])}
