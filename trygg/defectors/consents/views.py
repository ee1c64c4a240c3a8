"""Pages of the defector programme: consents (samtycke) and what was shared under them.

The page is read through ``case_get`` (404 off the team, audited as
``defectors.consent.list``). The three forms post to their own URLs; a refused post shows
the page again with the message next to the field.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors
from trygg.defectors.cases.sections import case_context, editable_case
from trygg.defectors.cases.services import record_case_event
from trygg.defectors.consents import services as consents
from trygg.defectors.consents.forms import ConsentForm, ConsentWithdrawForm, DisclosureForm
from trygg.defectors.identity import ADULT_AGE, age_on
from trygg.defectors.policies import defectors_policy

LIST_ACTION = "defectors.consent.list"


def _page(request, case, *, consent_form=None, withdraw_form=None, disclosure_form=None):
    can_edit = bool(defectors_policy.can(request.actor, "edit", case))
    shown = consents.consents_of(case=case)
    context = {
        "consents": shown,
        "has_disclosures": any(consent.disclosures.all() for consent in shown),
        "can_edit": can_edit,
    }
    if can_edit:
        today = timezone.localdate()
        # From the list already read (no queries of their own): the querysets' rules, which
        # check a posted choice.
        valid = [consent for consent in shown if consent.is_valid_on(today)]
        withdrawable = [
            consent
            for consent in shown
            if consent.withdrawn_on is None
            and (consent.expires_on is None or consent.expires_on >= today)
        ]
        context |= {
            "consent_form": consent_form or ConsentForm(adult=_adult(case)),
            "withdraw_form": withdraw_form
            or ConsentWithdrawForm(
                consents=consents.consents_withdrawable(case=case, on=today), listed=withdrawable
            ),
            "disclosure_form": disclosure_form
            or DisclosureForm(
                consents=consents.consents_valid_on(case=case, on=today), listed=valid
            ),
            "has_valid": bool(valid),
            "has_withdrawable": bool(withdrawable),
        }
    return render(request, "defectors/consents.html", case_context(case, "consents", **context))


def _adult(case) -> bool:
    """18 or older today by the identity number: the consent form asks nothing of guardians."""
    age = age_on(case.person.identity_number, timezone.localdate()) if case.person else None
    return age is not None and age >= ADULT_AGE


def _refused(request, case, **forms):
    record_case_event(actor=request.actor, case=case, action=LIST_ACTION)
    return _page(request, case, **forms)


@guard(defectors_policy, "use")
def consents_view(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, action=LIST_ACTION)
    return _page(request, case)


@guard(defectors_policy, "use")
@require_POST
def consent_create_view(request, case_id: int):
    case = editable_case(request, case_id)
    form = ConsentForm(request.POST, adult=_adult(case))
    if form.is_valid():
        try:
            consents.consent_record(actor=request.actor, case=case, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The consent was registered."))
            return redirect("defectors:consents", case.pk)
    return _refused(request, case, consent_form=form)


@guard(defectors_policy, "use")
@require_POST
def consent_withdraw_view(request, case_id: int):
    case = editable_case(request, case_id)
    form = ConsentWithdrawForm(request.POST, consents=consents.consents_withdrawable(case=case))
    if form.is_valid():
        try:
            consents.consent_withdraw(actor=request.actor, case=case, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The withdrawal of the consent was registered."))
            return redirect("defectors:consents", case.pk)
    return _refused(request, case, withdraw_form=form)


@guard(defectors_policy, "use")
@require_POST
def disclosure_create_view(request, case_id: int):
    case = editable_case(request, case_id)
    form = DisclosureForm(request.POST, consents=consents.consents_valid_on(case=case))
    if form.is_valid():
        try:
            consents.disclosure_record(actor=request.actor, case=case, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("What was shared has been registered."))
            return redirect("defectors:consents", case.pk)
    return _refused(request, case, disclosure_form=form)
