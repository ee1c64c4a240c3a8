"""One more question before an irreversible action, without JavaScript.

The first POST of a form that cannot be undone (register a decision, sign a journal entry,
approve a payment) answers with a page that says what will happen and asks again; its button
posts the same data once more with ``confirmed=yes``. Checks of who may act come first, so a
refusal is never hidden behind a confirmation page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def confirmation(
    request, *, title: str, text: str, button: str, cancel_url: str
) -> HttpResponse | None:
    """The confirmation page, or None when the person has already confirmed."""
    if request.POST.get(CONFIRM_FIELD) == "yes":
        return None
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "includes/confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "cancel_url": cancel_url,
            "fields": fields,
            "action": request.path,
        },
    )
