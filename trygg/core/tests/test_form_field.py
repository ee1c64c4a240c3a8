"""``includes/field.html`` (the ``form_field`` tag) writes what the template it replaced wrote:
the same elements, attributes and text; only the whitespace between tags differs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Engine, Template
from django.utils.translation import override

from trygg.core.forms import ModelChoiceField  # noqa: F401 (the project's fields load)

# The template as it was before the tag (issue 14), kept here to compare with.
BEFORE = (Path(__file__).parent / "field_before.html").read_text(encoding="utf-8")

CHOICES = [("ja", "Ja"), ("nej", "Nej <inte>"), ("2", "Två & tre")]


class Sample(forms.Form):
    name = forms.CharField(label="Namn <b>", help_text="Som i folkbokföringen & så")
    note = forms.CharField(label="Anteckning", required=False, widget=forms.Textarea)
    agree = forms.BooleanField(label="Jag godkänner", required=False)
    answer = forms.ChoiceField(label="Svar", choices=CHOICES, widget=forms.RadioSelect)
    kinds = forms.MultipleChoiceField(
        label="Sorter",
        choices=CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Välj alla som gäller",
    )
    pick = forms.ChoiceField(label="Välj", choices=CHOICES, required=False)
    amount = forms.IntegerField(label="Belopp", min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pick"].required_to_submit = True

    def clean_name(self):
        raise forms.ValidationError(["Fel ett <x>", "Fel två"])


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def both(field):
    engine = Engine.get_default()
    before = Template("{% load i18n trygg %}" + BEFORE.split("%}", 1)[1], engine=engine)
    old = before.render(Context({"field": field}))
    new = Template("{% load trygg %}{% form_field field %}", engine=engine).render(
        Context({"field": field})
    )
    return normalised(old), normalised(new)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "data",
    [None, {}, {"name": "A", "answer": "nej", "kinds": ["ja", "2"], "agree": "on", "amount": "x"}],
    ids=["unbound", "empty", "filled"],
)
def test_the_tag_writes_what_the_template_wrote(data, language):
    form = Sample(data) if data is not None else Sample()
    if data is not None:
        form.is_valid()
    with override(language):
        for field in form:
            old, new = both(field)
            assert new == old, field.name
