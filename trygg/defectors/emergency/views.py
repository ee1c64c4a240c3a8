"""Pages of the defector programme: emergency access (nödåtkomst)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors
from trygg.defectors.emergency import services as emergency
from trygg.defectors.emergency.forms import EmergencyAccessForm, EmergencyNoteForm
from trygg.defectors.policies import defectors_policy


@guard(defectors_policy, "use")
def emergency_view(request):
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = emergency.emergency_access_grant(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.warning(
                request,
                _("You have opened the case by emergency access. Everything you do is logged."),
            )
            return redirect("defectors:case_detail", access.case_id)
    return render(
        request,
        "defectors/emergency_form.html",
        {
            "form": form,
            "minutes": settings.TRYGG_DEFECTORS_EMERGENCY_MINUTES,
            "active": emergency.active_accesses_of(actor=request.actor),
        },
    )


@guard(defectors_policy, "use")
@require_POST
def emergency_note_view(request, case_id: int):
    """The emergency access holder's note; 404 for anyone who may not open the case."""
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    form = EmergencyNoteForm(request.POST)
    if form.is_valid():
        try:
            emergency.emergency_note_add(
                actor=request.actor, case=case, text=form.cleaned_data["note"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your note was saved with the emergency access."))
    else:
        messages.error(request, " ".join(form.errors["note"]))
    return redirect("defectors:case_detail", case.pk)


@guard(defectors_policy, "follow_emergency_accesses")
def emergency_follow_up_view(request):
    """The unit manager follows up who opened which case by emergency access."""
    accesses, seen = emergency.unit_accesses(actor=request.actor)
    return render(
        request,
        "defectors/emergency_follow_up.html",
        {"accesses": accesses, "seen": seen, "days": emergency.UNIT_FOLLOW_UP_DAYS},
    )


def emergency_overview(*, actor, case) -> dict:
    """What the case overview shows of emergency accesses: the list, to the team only."""
    if not defectors_policy.can(actor, "see_emergency_accesses", case):
        return {"emergency_accesses": None}
    return {"emergency_accesses": emergency.emergency_accesses_of(case=case)}
