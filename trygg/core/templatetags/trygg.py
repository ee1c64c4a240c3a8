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


def _field_marker(field) -> str:
    """`` (optional)`` or `` (required to submit)`` after a label; nothing when required."""
    from django.utils.html import format_html
    from django.utils.translation import gettext

    if field.field.required:
        return ""
    if getattr(field.field, "required_to_submit", False):
        return format_html(
            ' <span class="required-to-submit">({})</span>', gettext("required to submit")
        )
    return format_html(' <span class="optional">({})</span>', gettext("optional"))


@register.simple_tag
def form_field(field):
    """A form field as the design system lays it out: label (or legend), the "optional"
    marker, help text, error message and the widget, wired for screen readers by
    ``aria-describedby`` and ``aria-invalid``. Written in Python (``includes/field.html``
    calls it) because forms of twenty-five fields spent milliseconds in nested templates."""
    from django.utils.html import conditional_escape, format_html, format_html_join
    from django.utils.safestring import mark_safe

    from trygg.core.forms_renderer import template_text

    describedby = field_describedby(field)
    auto_id = field.auto_id
    help_html = (
        format_html(
            '<p class="ds-paragraph field-help" data-size="sm" id="{}_help">{}</p>',
            auto_id,
            field.help_text,
        )
        if field.help_text
        else ""
    )
    errors = field.errors
    errors_html = (
        format_html(
            '<p class="ds-validation-message" id="{}_error">{}</p>',
            auto_id,
            mark_safe(" ".join(conditional_escape(error) for error in errors)),  # noqa: S308
        )
        if errors
        else ""
    )
    invalid = ' aria-invalid="true"' if errors else ""
    if is_choice_group(field):
        options = format_html_join(
            "",
            '<div class="checkbox-row"><input type="{}" class="ds-input" name="{}" value="{}"'
            ' id="{}"{}{}><label class="ds-label" data-weight="regular" for="{}">{}</label>'
            "</div>",
            (
                (
                    option.data["type"],
                    option.data["name"],
                    mark_safe(template_text(option.data["value"])),  # noqa: S308 (escaped)
                    option.id_for_label,
                    mark_safe(" checked" if option.data["selected"] else ""),  # noqa: S308
                    mark_safe(invalid),  # noqa: S308
                    option.id_for_label,
                    option.choice_label,
                )
                for option in field.subwidgets
            ),
        )
        described = format_html(' aria-describedby="{}"', describedby) if describedby else ""
        return format_html(
            '<fieldset class="ds-fieldset choice-group" id="{}" tabindex="-1"{}>'
            '<legend class="ds-label">{}{}</legend>{}{}{}</fieldset>',
            auto_id,
            described,
            field.label,
            _field_marker(field),
            help_html,
            errors_html,
            options,
        )
    widget = widget_with_attrs(field, describedby)
    if getattr(field.field.widget, "input_type", None) == "checkbox":
        return format_html(
            '<div class="ds-field"><div class="checkbox-row">{}'
            '<label class="ds-label" data-weight="regular" for="{}">{}</label></div>{}</div>',
            widget,
            auto_id,
            field.label,
            errors_html,
        )
    return format_html(
        '<div class="ds-field"><label class="ds-label" for="{}">{}{}</label>{}{}{}</div>',
        auto_id,
        field.label,
        _field_marker(field),
        help_html,
        errors_html,
        widget,
    )


@register.filter
def formsets_have_errors(formsets) -> bool:
    """For the error summary: does any of the page's formsets have an error?"""
    return any(not formset.is_valid() for formset in formsets or () if formset.is_bound)


@register.filter
def local_day(value) -> str:
    """A moment's day in the current time zone as YYYY-MM-DD: what ``|date:"Y-m-d"`` gives,
    without the date filter's format look-ups (lists call it once per row)."""
    return timezone.localdate(value).isoformat() if value else ""
