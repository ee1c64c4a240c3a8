from django import template

from trygg.defectors.identity import display_name

register = template.Library()


@register.simple_tag
def person_name(person, reveal=False) -> str:
    """The person's name, masked for a protected identity unless ``reveal``."""
    return display_name(person, reveal=reveal)
