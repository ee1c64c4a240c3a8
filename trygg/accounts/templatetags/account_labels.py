"""Role labels for the user list (fifty users a page, each with their roles).

``Membership.__str__`` calls ``get_role_display``, which rebuilds (and makes hashable) the
list of choices on every call; this gives the same label from a dict made once.
"""

from django import template

from trygg.core.roles import Role

register = template.Library()

# Lazy labels: each is translated into the request's language when the page is rendered.
_ROLE_LABELS = dict(Role.choices)


@register.filter
def role_label(value: str):
    """What ``Membership.get_role_display`` says."""
    return _ROLE_LABELS.get(value, value)
