"""Crafted input never answers 500: a fuzz of every form and filter each demo role reaches.

For each role, the test follows the links from the start page (GET only), then fills every
field of every form on every page it reached with one crafted value at a time — a 25-digit
number, the years 9999 and 0001, a negative number, a very long text, a NUL byte — and submits
it the way the form says (GET filters and POST forms alike). Whatever the value, the answer is
a page with a message, a redirect or a refusal, never a server error.
"""

import re
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from trygg.accounts.models import User
from trygg.demo.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

CRAFTED = ["9" * 25, "9999-12-31", "0001-01-01", "-99999999999999999999", "x" * 5000, "a\x00b"]
MAX_PAGES = 40
SKIP = ("/konto/logga-ut/", "/sprak/", ".csv", ".xlsx", ".pdf", ".json", "/api/")
LINK = re.compile(r'<a [^>]*href="([^"#]+)"')
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
ATTR = re.compile(r'(\w+)="([^"]*)"')


def crawl(client) -> dict[str, str]:
    """{path: html} of the pages reached by following links from the start page."""
    seen, queue = {}, ["/"]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or any(s in path for s in SKIP):
            continue
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        seen[path] = html
        for href in LINK.findall(html):
            url = urlsplit(urljoin(path, href.replace("&amp;", "&")))
            if not url.netloc and url.path.startswith("/"):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return seen


def forms_of(path: str, html: str):
    """(method, action, field names) of each form in the page's main content."""
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    for attributes, body in FORM.findall(main):
        attrs = dict(ATTR.findall(attributes))
        names = sorted(set(NAME.findall(body)) - {"csrfmiddlewaretoken"})
        if names:
            action = urljoin(path, attrs.get("action", "").replace("&amp;", "&")) or path
            yield attrs.get("method", "get").lower(), action, names


@pytest.mark.parametrize(
    "email",
    [
        "samordnare@huddinge.example",
        "sokande@huddinge.example",
        "handlaggare@huddinge.example",
        "chef@huddinge.example",
        "logggranskare@huddinge.example",
        "admin@huddinge.example",
        "analytiker@sodertorn.example",
        "trygghet@huddinge.example",
        "rapportor@huddinge.example",
        "kontakt@huddinge.example",
        "lasare@huddinge.example",
    ],
)
def test_crafted_values_in_every_form_never_answer_500(login, huddinge, botkyrka, email):
    call_command("seed_demo", force=True, stdout=StringIO())
    client = login(User.objects.get(email=email), DEMO_PASSWORD)
    pages = crawl(client)
    submitted = 0
    for path, html in pages.items():
        for method, action, names in forms_of(path, html):
            if any(s in action for s in SKIP):
                continue
            for value in CRAFTED:
                data = dict.fromkeys(names, value)
                response = getattr(client, method)(action, data)
                assert response.status_code < 500, (email, method, action, value[:30])
                submitted += 1
    assert submitted > 0


def test_every_form_uses_the_bounded_fields():
    """Django's own date, integer and model-choice fields let out-of-range values through to
    the database; trygg.core.forms has the bounded ones."""
    from pathlib import Path

    raw = re.compile(
        r"\bforms\.(DateField|IntegerField|ModelChoiceField|ModelMultipleChoiceField)\b"
    )
    root = Path(__file__).resolve().parent.parent / "trygg"
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path != root / "core" / "forms.py" and "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if raw.search(line)
    ]
    assert offenders == []


def test_every_text_field_has_an_upper_length():
    """A 116 000-character journal entry made a page 57 000 px tall: every declared text
    field of every form has a limit (and a multi-line one says it)."""
    import importlib
    from pathlib import Path

    from django import forms

    root = Path(__file__).resolve().parent.parent / "trygg"
    unbounded = []
    for path in root.rglob("forms.py"):
        module = importlib.import_module(
            ".".join(path.relative_to(root.parent).with_suffix("").parts)
        )
        for form in vars(module).values():
            if not (isinstance(form, type) and issubclass(form, forms.BaseForm)):
                continue
            for name, field in getattr(form, "base_fields", {}).items():
                hidden = isinstance(field.widget, forms.HiddenInput)
                if isinstance(field, forms.CharField) and field.max_length is None and not hidden:
                    unbounded.append(f"{module.__name__}.{form.__name__}.{name}")
    assert unbounded == []
