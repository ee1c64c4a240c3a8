from decimal import Decimal

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def number_cells(values) -> str:
    """``<td class="num">…</td>`` for each value of a row, escaped: one call for a row of a
    statistics table instead of a template loop per cell (the regional statistics show some
    five hundred figures)."""
    from django.utils.html import format_html_join

    return format_html_join("", '<td class="num">{}</td>', ((value,) for value in values))

NBSP = "\u00a0"
DASH = "\u2013"  # the en dash Swedish tables use for "nothing"


@register.filter
def thousands(value) -> str:
    """1250000 -> '1 250 000': Swedish thousands, with non-breaking spaces (for messages
    that say "kr" themselves)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal(1))
    sign = "\u2212" if amount < 0 else ""  # a real minus sign, as Swedish typography wants
    return sign + f"{abs(amount):,.0f}".replace(",", NBSP)


@register.filter
def kronor(value) -> str:
    """1250000 -> '1 250 000 kr', Swedish style, with non-breaking spaces."""
    if value is None or value == "":
        return ""
    return f"{thousands(value)}{NBSP}kr"


@register.filter
def kronor_or_dash(value) -> str:
    """An amount that may not be set yet (granted before a decision, no co-financing): a dash
    rather than a misleading "0 kr"."""
    return kronor(value) if value else DASH


@register.simple_tag
def field_describedby(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.simple_tag
def widget_with_attrs(field, describedby: str = ""):
    """Render a form widget with the design system's class and its accessible wiring."""
    attrs = {"class": "ds-input"}
    if describedby:
        attrs["aria-describedby"] = describedby
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_group(field) -> bool:
    """Radio buttons and checkbox lists: rendered as a fieldset with a legend."""
    from django.forms import CheckboxSelectMultiple, RadioSelect

    return isinstance(field.field.widget, CheckboxSelectMultiple | RadioSelect)


@register.filter
def formsets_have_errors(formsets) -> bool:
    """For the error summary: does any of the page's formsets have an error?"""
    return any(not formset.is_valid() for formset in formsets or () if formset.is_bound)


@register.filter
def local_day(value) -> str:
    """A moment's day in the current time zone as YYYY-MM-DD: what ``|date:"Y-m-d"`` gives,
    without the date filter's format look-ups (lists call it once per row)."""
    return timezone.localdate(value).isoformat() if value else ""
