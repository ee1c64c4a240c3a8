"""Labels and dates for the case list and the journal (fifty rows or cards a page).

``get_status_display`` rebuilds (and makes hashable) the list of choices on every call, and
the date filter looks up its formats on every call; these give the same text from a dict
made once.
"""

from django import template

from trygg.core.templatetags.trygg import local_day
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


register.filter("case_day", local_day)
