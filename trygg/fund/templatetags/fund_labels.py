"""Labels and dates for lists of many applications or decisions.

A model's ``get_FOO_display`` rebuilds (and makes hashable) the whole list of choices on
every call, and the date filter looks up its formats on every call; a list of a hundred
rows pays that a hundred times. These give the same text from a dict made once.
"""

from django import template

from trygg.core.templatetags.trygg import local_day
from trygg.fund.constants import ApplicationStatus, Category, DecisionOutcome

register = template.Library()

# Lazy labels: each is translated into the request's language when the page is rendered.
_STATUS_LABELS = dict(ApplicationStatus.choices)
_OUTCOME_LABELS = dict(DecisionOutcome.choices)
_CATEGORY_LABELS = dict(Category.choices)


@register.filter
def status_label(value: str):
    """What ``Application.get_status_display`` says."""
    return _STATUS_LABELS.get(value, value)


@register.filter
def category_label(value: str):
    """What ``Application.get_category_display`` says."""
    return _CATEGORY_LABELS.get(value, value)


@register.filter
def outcome_label(value: str):
    """What ``Decision.get_outcome_display`` says."""
    return _OUTCOME_LABELS.get(value, value)


register.filter("local_day", local_day)
