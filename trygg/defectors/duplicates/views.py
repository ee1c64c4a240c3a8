"""The unit manager's decision on an intake whose person was already registered."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors
from trygg.defectors.cases.forms import DuplicateDecisionForm
from trygg.defectors.cases.views import team_page
from trygg.defectors.duplicates import services as duplicates
from trygg.defectors.policies import defectors_policy


@guard(defectors_policy, "use")
@require_POST
def case_duplicate_view(request, case_id: int):
    """The unit manager decides on an intake whose person was already registered."""
    case = selectors.case_for_team(actor=request.actor, case_id=case_id)
    form = DuplicateDecisionForm(request.POST)
    if form.is_valid():
        try:
            duplicates.duplicate_decide(
                actor=request.actor, case=case, decision=form.cleaned_data["decision"]
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("Your decision on the check is saved."))
            return redirect("defectors:case_team", case.pk)
    return team_page(request, case, decision_form=form, status=400)
