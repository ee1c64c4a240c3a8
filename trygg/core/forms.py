"""Form fields that refuse values the database or date arithmetic cannot hold.

Django's fields accept a 25-digit id or the year 9999; SQLite then raises OverflowError and a
due date 60 days after 9999-12-31 cannot be computed, so crafted input answered 500. These
fields check ranges at the edge and say so next to the field. Every form in Trygg uses them
instead of Django's (a test walks the forms to keep it so).
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from trygg.core.exceptions import ApplicationError

# Dates a municipality's records can hold: birth dates of the oldest people, plans decades
# ahead; anything outside is a typing mistake or an attack, and keeps date arithmetic safe.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
# The largest id a database row can have (64-bit signed, SQLite and PostgreSQL bigint).
MAX_ID = 2**63 - 1


def apply_application_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's refusal next to the field it concerns, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class DateField(forms.DateField):
    def validate(self, value):
        super().validate(value)
        if value and not (EARLIEST_DATE <= value <= LATEST_DATE):
            raise ValidationError(
                _("Give a date between %(first)s and %(last)s.")
                % {"first": EARLIEST_DATE.isoformat(), "last": LATEST_DATE.isoformat()},
                code="out_of_range",
            )


class IntegerField(forms.IntegerField):
    """Bounded by what a 64-bit column holds unless the form sets tighter bounds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("min_value", -MAX_ID)
        super().__init__(*args, **kwargs)


def _is_id(value) -> bool:
    text = str(value).strip()
    return text.isdigit() and int(text) <= MAX_ID


# Longest free text a field takes, unless the form sets its own (a journal entry may be long,
# a contact line is short). Every text field has a limit and says it.
TEXT_MAX_LENGTH = 5000


class TextField(forms.CharField):
    """Multi-line free text with an upper length, told to the user in the help text."""

    def __init__(self, *args, max_length=TEXT_MAX_LENGTH, rows=4, **kwargs):
        limit = _("At most %(count)s characters.") % {
            "count": f"{max_length:,}".replace(",", "\u00a0")
        }
        help_text = kwargs.pop("help_text", "")
        kwargs["help_text"] = format_lazy("{} {}", help_text, limit) if help_text else limit
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(*args, max_length=max_length, **kwargs)


CHOOSE = _("Choose…")


class _ReadChoices(forms.models.ModelChoiceIterator):
    """The options of a drop-down read in one ordinary query. Django streams them with
    ``QuerySet.iterator()``: on PostgreSQL a server-side cursor (DECLARE, FETCH, CLOSE), three
    round trips where one does, for the handful of options a case-file form offers."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """An id that is not a number a row could have is an invalid choice, not a query.

    The empty option says what to do ("Choose…"), never Django's "---------"."""

    iterator = _ReadChoices

    def __init__(self, *args, empty_label=None, **kwargs):
        super().__init__(*args, empty_label=empty_label or CHOOSE, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and not _is_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _ReadChoices

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if not _is_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
