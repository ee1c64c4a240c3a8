"""The form renderer: Django's widget templates written in Python.

Django renders a widget through a template, a ``<select>`` through one more template per
option and one per option's attributes. A case-file page with twenty-five fields spent a
third of its time there (issue 14). This renderer writes the same markup, byte for byte, for
the widget templates Django ships (inputs, text areas, drop-down lists, radio buttons and
check boxes) from the same context (``Widget.get_context``), escaped as the template
language escapes; any other template (a widget of our own, a form or field template) goes to
Django's template renderer as before. ``tests`` compare the two renderers' output for every
widget kind.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"


def template_text(value) -> str:
    """``{{ value }}``: localised as the template language does, then escaped (public: the
    ``form_field`` tag writes its choices with it too)."""
    value = localize(value)
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _s(value) -> str:
    """``{{ value|stringformat:'s' }}`` (a safe value stays safe, as the filter keeps it)."""
    return str(value) if isinstance(value, SafeData) else conditional_escape(str(value))


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(
            f" {template_text(name)}" if value is True else f' {template_text(name)}="{_s(value)}"'
        )
    return "".join(parts)


def _input(widget: dict) -> str:
    """``django/forms/widgets/input.html`` (and every template that only includes it)."""
    value = f' value="{_s(widget["value"])}"' if widget["value"] is not None else ""
    return (
        f'<input type="{template_text(widget["type"])}" name="{template_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = template_text(widget["value"]) if widget["value"] else ""
    name = template_text(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    """``select_option.html`` (an included template keeps its file's last line break)."""
    return (
        f'<option value="{_s(option["value"])}"{_attrs(option["attrs"])}>'
        f"{template_text(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{template_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{template_text(group_name)}">')
        for option in group_choices:
            parts.append("\n  " + _rendered_option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_option(option: dict) -> str:
    """``input_option.html`` (a radio button or a check box of a list), with the line breaks
    that ends its file and the included ``input.html``."""
    if not option["wrap_label"]:
        return _input(option) + "\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{template_text(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)}\n {template_text(option['label'])}</label>\n"


def _radio_or_checkbox_option(option: dict) -> str:
    """``radio_option.html`` and ``checkbox_option.html``: ``input_option.html`` and one more
    line break."""
    return _input_option(option) + "\n"


def _multiple_input(widget: dict) -> str:
    """``multiple_input.html``: radio buttons and check-box lists."""
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{template_text(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{template_text(attrs["class"])}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{template_text(group)}</label>")
        for option in options:
            parts.append("<div>\n    " + _rendered_option(option) + "</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


OPTIONS = {
    WIDGETS + "select_option.html": _option,
    WIDGETS + "radio_option.html": _radio_or_checkbox_option,
    WIDGETS + "checkbox_option.html": _radio_or_checkbox_option,
    WIDGETS + "input_option.html": _input_option,
}

INPUTS = (
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "color",
    "checkbox",
    "file",
)

WRITERS = {
    **{f"{WIDGETS}{name}.html": _input for name in INPUTS},
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "select.html": _select,
    WIDGETS + "radio.html": _multiple_input,
    WIDGETS + "checkbox_select.html": _multiple_input,
    WIDGETS + "multiple_input.html": _multiple_input,
}


def _rendered_option(option: dict) -> str:
    return OPTIONS[option["template_name"]](option)


class FormRenderer(DjangoTemplates):
    """Django's default renderer, with its own widget templates written in Python."""

    def render(self, template_name, context, request=None):
        writer = WRITERS.get(template_name)
        if writer is None or "widget" not in context:
            return super().render(template_name, context, request=request)
        widget = context["widget"]
        # An option template of our own: the template language renders the whole widget.
        if any(
            option["template_name"] not in OPTIONS
            for _group, options, _index in widget.get("optgroups", ())
            for option in options
        ):
            return super().render(template_name, context, request=request)
        # Django's renderer strips what a template renders; so does this one.
        return mark_safe(writer(widget).strip())  # noqa: S308 (every value is escaped above)
