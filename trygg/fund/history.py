"""An application's history as sentences: what happened, who did it and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.audit.models import AuditEvent
from trygg.core.templatetags.trygg import kronor
from trygg.fund.constants import ApplicationStatus

EVENTS = {
    "fund.application.create": gettext_lazy("Started by %(who)s"),
    "fund.application.update": gettext_lazy("Changes saved by %(who)s"),
    "fund.application.reopen": gettext_lazy("Opened for a late submission by %(who)s"),
}
STATUS_CHANGES = {
    ApplicationStatus.SUBMITTED: gettext_lazy("Submitted by %(who)s"),
    ApplicationStatus.COMPLETION_REQUESTED: gettext_lazy("Completion asked for by %(who)s"),
    ApplicationStatus.IN_REVIEW: gettext_lazy(
        "Passed the formal check and sent for review by %(who)s"
    ),
    ApplicationStatus.GRANTED: gettext_lazy("Granted; decision registered by %(who)s"),
    ApplicationStatus.PARTLY_GRANTED: gettext_lazy(
        "Granted in part; decision registered by %(who)s"
    ),
    ApplicationStatus.REJECTED: gettext_lazy("Rejected; decision registered by %(who)s"),
    ApplicationStatus.PAID: gettext_lazy("Paid in full; the last payment approved by %(who)s"),
    ApplicationStatus.REPORTED: gettext_lazy("Final report approved by %(who)s"),
}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    text: str


def history_lines(events: list[AuditEvent]) -> list[HistoryLine]:
    """The application's events in words (``selectors.history_of`` names who did them)."""
    lines = []
    for event in events:
        who = getattr(event, "actor_name", None) or _("Trygg (automatically)")
        if event.action == "fund.application.status":
            sentence = STATUS_CHANGES.get(event.payload.get("to"))
        elif event.action == "fund.ledger.return":
            amount = kronor(event.payload.get("amount_kr") or 0)
            lines.append(
                HistoryLine(
                    event.at,
                    _("Returned money (%(amount)s) registered by %(who)s")
                    % {"amount": amount, "who": who},
                )
            )
            continue
        else:
            sentence = EVENTS.get(event.action)
        if sentence is not None:
            lines.append(HistoryLine(event.at, str(sentence) % {"who": who}))
    return lines
