"""An application's status as its label, for lists of many applications."""

from django import template

from trygg.fund.constants import ApplicationStatus

register = template.Library()

# Lazy labels: each is translated into the request's language when the page is rendered.
_LABELS = dict(ApplicationStatus.choices)


@register.filter
def status_label(value: str):
    """What ``get_status_display`` says, from a dict made once: the model method rebuilds
    (and makes hashable) the whole list of choices on every call, fifty times a page."""
    return _LABELS.get(value, value)
