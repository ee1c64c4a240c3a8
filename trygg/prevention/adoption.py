"""Adoption of a lägesbild or an action plan: by a named body, on a day that has come."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError


def adoption(decided_by_body: str, adopted_on: date) -> tuple[str, datetime]:
    """The body, trimmed, and the moment to record (noon of the day, local time); refused
    without a body or for a day in the future."""
    decided_by_body = decided_by_body.strip()
    if not decided_by_body:
        raise ApplicationError(_("Say who adopted it."), field="decided_by_body")
    if adopted_on > timezone.localdate():
        raise ApplicationError(_("The day cannot be in the future."), field="adopted_on")
    return decided_by_body, timezone.make_aware(datetime.combine(adopted_on, time(12)))
