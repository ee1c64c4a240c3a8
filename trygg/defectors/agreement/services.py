"""The agreement (överenskommelse): the conditions the person agreed to (no crime, no drugs,
drug tests, meetings...) and the follow-ups of each condition, kept or broken.

The newest agreement is the current one; earlier ones stay in the case file. Audit payloads
carry ids, condition codes and counts only: never the notes or a description.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.services import record_case_event, require_edit, touch
from trygg.defectors.constants import ConditionKind
from trygg.defectors.models import Agreement, AgreementCondition, Case, ConditionFollowUp

TEXT_MAX_LENGTH = 4000


# ---------------------------------------------------------------------------------------
# Reads


@dataclass(frozen=True)
class ConditionRecord:
    condition: AgreementCondition
    follow_ups: list[ConditionFollowUp]  # newest first
    kept: int
    broken: int


@dataclass(frozen=True)
class AgreementRecord:
    agreement: Agreement
    conditions: list[ConditionRecord]


def agreements_of(*, case: Case) -> list[AgreementRecord]:
    """The case's agreements, newest (the current one) first, each with its conditions and
    their follow-ups (newest first) and the counts kept/broken. A fixed number of queries."""
    agreements = case.agreements.select_related("created_by").prefetch_related(
        Prefetch(
            "conditions",
            queryset=AgreementCondition.objects.order_by("id").prefetch_related(
                Prefetch(
                    "follow_ups",
                    queryset=ConditionFollowUp.objects.select_related("by").order_by(
                        "-date", "-id"
                    ),
                )
            ),
        )
    )
    records = []
    for agreement in agreements.order_by("-signed_on", "-id"):
        conditions = []
        for condition in agreement.conditions.all():
            follow_ups = list(condition.follow_ups.all())
            kept = sum(1 for follow_up in follow_ups if follow_up.kept)
            conditions.append(
                ConditionRecord(
                    condition=condition,
                    follow_ups=follow_ups,
                    kept=kept,
                    broken=len(follow_ups) - kept,
                )
            )
        records.append(AgreementRecord(agreement=agreement, conditions=conditions))
    return records


def condition_of(*, case: Case, condition_id: int) -> AgreementCondition | None:
    """A condition of one of the case's agreements, or None."""
    return (
        AgreementCondition.objects.select_related("agreement")
        .filter(pk=condition_id, agreement__case=case)
        .first()
    )


# ---------------------------------------------------------------------------------------
# Writes


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from error


def _too_long(text: str, field: str) -> None:
    if len(text) > TEXT_MAX_LENGTH:
        raise ApplicationError(
            _("Keep it under %(limit)s characters.") % {"limit": TEXT_MAX_LENGTH}, field=field
        )


def agreement_create(
    *,
    actor,
    case: Case,
    signed_on: Date,
    valid_until: Date | None,
    notes: str,
    conditions: list[tuple[str, str]],
) -> Agreement:
    """Register an agreement the person has signed, with its conditions ``(kind,
    description)``. It becomes the case's current agreement; earlier ones are kept."""
    require_edit(actor, case)
    notes = (notes or "").strip()
    if signed_on > timezone.localdate():
        raise ApplicationError(
            _("Register the agreement when it has been made, not in advance."), field="signed_on"
        )
    if valid_until is not None and valid_until < signed_on:
        raise ApplicationError(
            _("The agreement cannot end before the day it was made."), field="valid_until"
        )
    _too_long(notes, "notes")
    rows = [(kind, (description or "").strip()) for kind, description in conditions or []]
    if not rows:
        raise ApplicationError(_("Choose at least one condition."), field="conditions")
    for kind, description in rows:
        if kind not in ConditionKind.values:
            raise ApplicationError(_("Choose a condition from the list."), field="conditions")
        if kind == ConditionKind.OTHER and not description:
            raise ApplicationError(_("Describe the other condition."), field="conditions")
        _too_long(description, "conditions")
    agreement = Agreement(
        case=case,
        signed_on=signed_on,
        valid_until=valid_until,
        notes=notes,
        created_by=actor.user,
    )
    with transaction.atomic():
        _clean(agreement)
        agreement.save()
        created = AgreementCondition.objects.bulk_create(
            AgreementCondition(agreement=agreement, kind=kind, description=description)
            for kind, description in rows
        )
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.agreement.create",
            agreement=agreement.pk,
            conditions=[condition.kind for condition in created],
        )
    return agreement


def condition_follow_up(
    *,
    actor,
    case: Case,
    condition: AgreementCondition,
    date: Date,
    kept: bool,
    note: str,
) -> ConditionFollowUp:
    """Register a follow-up of one condition: whether it was kept, on which day, and a note."""
    require_edit(actor, case)
    note = (note or "").strip()
    agreement = Agreement.objects.filter(pk=condition.agreement_id, case=case).first()
    if agreement is None:
        raise ApplicationError(_("Choose one of this case's conditions."), field="condition")
    if not isinstance(kept, bool):
        raise ApplicationError(_("Say whether the condition was kept."), field="kept")
    if date > timezone.localdate():
        raise ApplicationError(_("A follow-up cannot be in the future."), field="date")
    if date < agreement.signed_on:
        raise ApplicationError(
            _("The agreement was made on %(date)s; a follow-up cannot be earlier.")
            % {"date": agreement.signed_on.isoformat()},
            field="date",
        )
    _too_long(note, "note")
    follow_up = ConditionFollowUp(
        condition=condition, date=date, kept=kept, note=note, by=actor.user
    )
    with transaction.atomic():
        _clean(follow_up)
        follow_up.save()
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.agreement.follow_up",
            condition=condition.pk,
            follow_up=follow_up.pk,
            kept=kept,
        )
    return follow_up
