from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core import files

# A refused upload's message carries this tag plus the field name ("attachment-file"), so
# that the edit page can show it next to that field after the redirect.
REFUSAL_TAG = "attachment-"
# The select's value for "not one of the call's documents"; stored as an empty label.
OTHER = "__other__"


class AttachmentForm(forms.Form):
    """Which document the file is, and the file. Type and size are the service's to check."""

    # Keeps the ids apart from the application form's on the same page.
    prefix = "attachment"

    label = forms.ChoiceField(label=gettext_lazy("Document"))
    file = forms.FileField(label=gettext_lazy("File"))

    def __init__(self, *args, labels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].choices = [
            *((label, label) for label in labels),
            (OTHER, _("Other")),
        ]
        extensions = files.allowed_extensions()
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in extensions)
        self.fields["file"].help_text = _(
            "Allowed types: %(types)s. The largest size allowed is %(max)s MB."
        ) % {
            "types": ", ".join(e.upper() for e in extensions),
            "max": settings.TRYGG_FUND_ATTACHMENT_MAX_MB,
        }

    def clean_label(self) -> str:
        label = self.cleaned_data["label"]
        return "" if label == OTHER else label
