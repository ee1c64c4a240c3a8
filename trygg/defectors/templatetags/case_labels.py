"""Labels and dates for the case list and the journal (fifty rows or cards a page).

``get_status_display`` rebuilds (and makes hashable) the list of choices on every call, and
the date filter looks up its formats on every call; these give the same text from a dict
made once.
"""

from django import template
from django.utils import timezone

from trygg.defectors.constants import CaseStatus, Outcome

register = template.Library()

# Lazy labels: each is translated into the request's language when the page is rendered.
_STATUS_LABELS = dict(CaseStatus.choices)
_OUTCOME_LABELS = dict(Outcome.choices)


@register.filter
def case_status_label(value: str):
    """What ``Case.get_status_display`` says."""
    return _STATUS_LABELS.get(value, value)


@register.filter
def case_outcome_label(value: str):
    """What ``Case.get_outcome_display`` says."""
    return _OUTCOME_LABELS.get(value, value)


@register.filter
def case_day(value) -> str:
    """A moment's day in the current time zone as YYYY-MM-DD (``|date:"Y-m-d"``)."""
    return timezone.localdate(value).isoformat() if value else ""


@register.filter
def local_minute(value) -> str:
    """A moment in the current time zone as YYYY-MM-DD HH:MM (``|date:"Y-m-d H:i"``)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
