"""Forms of the documents, and the file field every upload in the case file uses. They only
read the input: the services decide (file type and size) and their refusals are shown next
to the field (``apply_application_error``)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trygg.core.files import allowed_extensions


def file_field(*, required: bool, label) -> forms.FileField:
    extensions = allowed_extensions()
    return forms.FileField(
        label=label,
        required=required,
        error_messages={"required": _("Choose a file to upload.")},
        help_text=_("Allowed types: %(types)s. The largest size allowed is %(max)s MB.")
        % {
            "types": ", ".join(e.upper() for e in extensions),
            "max": settings.TRYGG_FUND_ATTACHMENT_MAX_MB,
        },
        widget=forms.FileInput(attrs={"accept": ",".join(f".{e}" for e in extensions)}),
    )


class DocumentForm(forms.Form):
    prefix = "document"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = file_field(required=True, label=_("File"))
