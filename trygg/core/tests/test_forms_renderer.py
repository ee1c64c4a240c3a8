"""The form renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from trygg.core.forms_renderer import FormRenderer

GROUPED = [
    ("", "—"),
    ("Sociala", [("nattvandring", "Nattvandring"), ("trygghetsvardar", "Trygghetsvärdar")]),
    ("Situationella", [("belysning", "Belysning & <ljus>"), (3, 2026)]),
]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="hjälp")
    optional = forms.CharField(required=False)
    number = forms.IntegerField(min_value=0)
    amount = forms.DecimalField(max_digits=12, decimal_places=2)
    email = forms.EmailField()
    url = forms.URLField(assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField()
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-x": None}))
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    agree = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=GROUPED)
    plain_choice = forms.ChoiceField(
        choices=[("a", gettext_lazy("Yes")), ("b", mark_safe("<b>fet</b>"))]
    )
    many = forms.MultipleChoiceField(choices=GROUPED, required=False)
    radio = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    flat_radio = forms.ChoiceField(
        choices=[("ja", "Ja"), ("nej", "Nej")], widget=forms.RadioSelect(attrs={"class": "r"})
    )
    boxes = forms.MultipleChoiceField(
        choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False
    )
    null_boolean = forms.NullBooleanField()
    upload = forms.FileField(widget=forms.FileInput, required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "disabled": True}))


BOUND = {
    "text": 'Ett "citat" & <tag>',
    "number": "12",
    "amount": "1234.50",
    "email": "a@b.se",
    "url": "https://example.org/?a=1&b=2",
    "password": "hemligt",
    "hidden": "x",
    "day": "2026-12-04",
    "moment": "2026-12-04 10:00",
    "notes": "Rad ett\nRad två <script>",
    "agree": "on",
    "choice": "3",
    "plain_choice": "b",
    "many": ["nattvandring", "belysning"],
    "radio": "belysning",
    "flat_radio": "nej",
    "boxes": ["trygghetsvardar", "3"],
    "null_boolean": "true",
    "search": "sök",
}


def rendered(form, renderer) -> list[str]:
    out = []
    for field in form:
        for attrs in (
            {},
            {"class": "ds-input", "aria-describedby": "x_help", "aria-invalid": True},
        ):
            out.append(str(field.as_widget(attrs=attrs)))
            out.append(str(field.as_widget(widget=field.field.widget, attrs=attrs)))
    return out


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "make",
    [
        lambda r: Everything(renderer=r),
        lambda r: Everything(BOUND, renderer=r),
        lambda r: Everything({}, renderer=r),
        lambda r: Everything(
            initial={"day": datetime.date(2026, 1, 2), "number": 1500, "amount": 12.5},
            renderer=r,
        ),
    ],
    ids=["unbound", "bound", "invalid", "initial"],
)
def test_same_markup_as_django_templates(make, language):
    with override(language):
        ours = rendered(make(FormRenderer()), FormRenderer())
        djangos = rendered(make(DjangoTemplates()), DjangoTemplates())
    assert ours == djangos


def test_it_is_the_project_renderer():
    assert settings.FORM_RENDERER == "trygg.core.forms_renderer.FormRenderer"
