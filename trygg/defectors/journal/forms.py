"""Forms of the journal. They only read the input: the services decide
(date not in the future, text required, file type and size) and their refusals are shown
next to the field (``apply_application_error``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import DateField, TextField
from trygg.defectors.documents.forms import file_field


class _EntryFields(forms.Form):
    occurred_on = DateField(
        label=_("Date"),
        help_text=_("The day the entry is about. It cannot be in the future."),
        error_messages={
            "required": _("Enter the date of the entry."),
            "invalid": _("Enter the date like 2026-04-01."),
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = TextField(
        label=_("Entry"),
        strip=True,
        error_messages={"required": _("Write the entry.")},
        rows=8,
        max_length=20000,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class JournalEntryForm(_EntryFields):
    """A new entry, or a change to one's own draft, with an optional attachment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = file_field(required=False, label=_("Attachment"))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "occurred_on": data["occurred_on"],
            "text": data["text"],
            "upload": data.get("file") or None,
        }


class CorrectionForm(_EntryFields):
    """A correction of a signed entry: a new entry; the old one stays as it was."""

    prefix = "correction"

    def service_arguments(self) -> dict:
        return {"occurred_on": self.cleaned_data["occurred_on"], "text": self.cleaned_data["text"]}
