from django import forms

from trygg.core.exceptions import ApplicationError


def apply_application_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's refusal next to the field it concerns, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
