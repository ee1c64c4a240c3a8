"""The unit manager's decision on an intake whose person was already registered (the match
itself is found and recorded at intake: ``trygg.defectors.cases.matches``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.defectors.constants import CaseStatus, DuplicateDecision, Outcome
from trygg.defectors.models import Case, DuplicateMatch
from trygg.defectors.policies import defectors_policy
from trygg.defectors.status.services import close_case


def duplicate_decide(*, actor, case: Case, decision: str) -> DuplicateMatch:
    """The unit manager's decision. Closing the new case needs no team membership here: the
    manager decides what the team would otherwise have had to be told."""
    defectors_policy.require(actor, "assign", case)
    if decision not in DuplicateDecision.values:
        raise ApplicationError(_("Choose one of the options."), field="decision")
    with transaction.atomic():
        match = DuplicateMatch.objects.select_for_update().filter(case=case).first()
        if match is None or match.decided_at is not None:
            raise ApplicationError(_("The check of this intake has already been decided."))
        match.decision = decision
        match.decided_at = timezone.now()
        match.decided_by = actor.user
        match.save(update_fields=["decision", "decided_at", "decided_by"])
        if decision == DuplicateDecision.CLOSE and case.status != CaseStatus.AVSLUTAT:
            close_case(
                actor=actor,
                case=case,
                outcome=Outcome.OTHER,
                note=_("Closed by the unit manager after the check at intake."),
            )
        record(
            action="defectors.duplicate.decide",
            actor=actor,
            target=case,
            payload={"decision": decision},
        )
    return match
