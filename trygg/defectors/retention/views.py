"""Pages of the defector programme: retention (gallring) and legal holds.

- ``legal_hold``: the case team sees when the case is due for deletion and sets or clears
  a legal hold. Team only (``can_legal_hold``): the unit manager does it when on the team.
  A unit manager not on the team cannot open the case (404), so the retention overview
  shows them the status and due dates but no way to set a hold: they add themselves to
  the team first (or ask the team).
- ``retention``: the unit manager's overview of the unit's closed cases with their retention
  dates and status; references only, no names (``can_view_retention``).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors, services
from trygg.defectors.cases.sections import case_context
from trygg.defectors.policies import defectors_policy
from trygg.defectors.retention import services as retention
from trygg.defectors.retention.forms import LegalHoldForm

CLEAR = "clear"


@guard(defectors_policy, "use")
def legal_hold_view(request, case_id: int):
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    require(request, defectors_policy, "legal_hold", case)
    form = LegalHoldForm(request.POST if request.method == "POST" else None)
    clear_error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == CLEAR:
                form = LegalHoldForm()
                retention.legal_hold_clear(actor=request.actor, case=case)
                messages.success(request, _("The legal hold was lifted."))
                return redirect("defectors:legal_hold", case.pk)
            if form.is_valid():
                retention.legal_hold_set(
                    actor=request.actor, case=case, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The legal hold was saved."))
                return redirect("defectors:legal_hold", case.pk)
        except ApplicationError as error:
            if error.field:
                apply_application_error(form, error)
            else:
                clear_error = error.message
    elif case.legal_hold:
        form = LegalHoldForm(initial={"reason": case.legal_hold_reason})
    services.record_case_event(actor=request.actor, case=case, action="defectors.legal_hold.view")
    return render(
        request,
        "defectors/retention_legal_hold.html",
        case_context(
            case,
            "overview",
            form=form,
            clear_error=clear_error,
            facts=retention.retention_facts(case),
            retention_years=retention.retention_years(),
            exempt_days=retention.exempt_birth_days(),
        ),
    )


@guard(defectors_policy, "view_retention")
def retention_view(request):
    page = retention.retention_overview(actor=request.actor, params=request.GET)
    return render(
        request,
        "defectors/retention_list.html",
        {
            "page": page,
            "rows": page.object_list,
            "retention_years": retention.retention_years(),
            "exempt_days": retention.exempt_birth_days(),
            "last_run": retention.retention_last_run(),
        },
    )
