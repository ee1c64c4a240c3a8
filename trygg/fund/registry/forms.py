from django import forms
from django.utils.translation import gettext_lazy as _


class RegistryNumbersForm(forms.Form):
    application_number = forms.CharField(
        label=_("Registry number of the application"),
        max_length=40,
        required=False,
        help_text=_("As the municipality's registry wrote it, for example: KS 2026/123"),
    )
    decision_number = forms.CharField(
        label=_("Registry number of the decision"),
        max_length=40,
        required=False,
        help_text=_("Empty: the same as the application's."),
    )
