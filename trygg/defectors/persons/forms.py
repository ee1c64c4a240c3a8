from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trygg.defectors.constants import Protection, Relation
from trygg.defectors.identity import normalise_identity_number

NAME_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 2000


def _name_field(label):
    return forms.CharField(label=label, max_length=NAME_MAX_LENGTH, required=False)


def _protection_field():
    return forms.ChoiceField(
        label=_("Protected personal data"),
        choices=Protection.choices,
        initial=Protection.NONE,
        help_text=_("As registered by the Tax Agency (Skatteverket)."),
        widget=forms.RadioSelect,
    )


def _contact_field(label=None, help_text=None):
    return forms.CharField(
        label=label or _("Contact details"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text or _("Phone number, address."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PersonForm(forms.Form):
    """The person's name, contact details and protected-data level."""

    given_name = _name_field(_("Given name"))
    family_name = _name_field(_("Family name"))
    contact = _contact_field()
    protection = _protection_field()

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class IdentifyForm(forms.Form):
    """Who the anonymous contact is: a name and an identity or reserve number."""

    given_name = _name_field(_("Given name"))
    family_name = _name_field(_("Family name"))
    identity_number = forms.CharField(
        label=_("Personal identity number or coordination number"),
        max_length=20,
        required=False,
        help_text=_("YYYYMMDD-NNNN. Leave empty and give a reserve number if it is not known."),
    )
    reserve = forms.BooleanField(
        label=_("The identity number is not known: give the person a reserve number"),
        required=False,
    )
    protection = _protection_field()
    contact = _contact_field()

    def clean_identity_number(self) -> str:
        value = self.cleaned_data["identity_number"].strip()
        return normalise_identity_number(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("given_name", "").strip() or cleaned.get("family_name", "").strip()):
            self.add_error("given_name", ValidationError(_("Enter the person's name.")))
        number, reserve = cleaned.get("identity_number"), cleaned.get("reserve")
        if number and reserve:
            self.add_error(
                "reserve",
                ValidationError(
                    _("A person with an identity number does not need a reserve number.")
                ),
            )
        elif not number and not reserve and "identity_number" not in self.errors:
            self.add_error(
                "identity_number",
                ValidationError(
                    _("Enter the identity number, or give the person a reserve number.")
                ),
            )
        return cleaned

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class ContactForm(forms.Form):
    """A relative or other contact of the person."""

    # Keeps the ids apart from the person form's ("contact") on the same page.
    prefix = "relative"

    relation = forms.ChoiceField(
        label=_("Relation"), choices=[("", _("Choose a relation")), *Relation.choices]
    )
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    has_custody = forms.BooleanField(
        label=_("Has custody of the person (vårdnadshavare)"), required=False
    )
    contact = _contact_field()
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Only what the case team needs, for example when to contact them."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)
