"""What the coordinator's buttons on an application page share: load the application for an
action, run it, and go back to the page with a message (a refusal as an error message)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from trygg.core.access import require
from trygg.core.exceptions import ApplicationError
from trygg.fund import selectors
from trygg.fund.policies import fund_policy


def coordinator_application(request, application_id: int):
    application = selectors.application_get(actor=request.actor, application_id=application_id)
    require(request, fund_policy, "administer", application)
    return application


def done(request, application, message):
    messages.success(request, message)
    return redirect("fund:application_detail", application.pk)


def refused(request, application, error: ApplicationError):
    messages.error(request, error.message)
    return redirect("fund:application_detail", application.pk)


def act(request, application, action, success: str):
    """Run one coordinator action; a refusal goes back to the application page as a message."""
    try:
        action()
    except ApplicationError as error:
        return refused(request, application, error)
    return done(request, application, success)


def cleaned(form, message: str) -> dict:
    if not form.is_valid():
        raise ApplicationError(message)
    return form.cleaned_data
