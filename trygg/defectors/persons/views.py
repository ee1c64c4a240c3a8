"""Pages of the defector programme: the person, identifying an anonymous contact, and the
person's relatives and contacts.

A protected identity stays masked on this page, relatives' details included, until a team
member chooses to show it (``selectors.person_reveal``, audited) for that one response.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors, services
from trygg.defectors.cases.sections import case_context, editable_case
from trygg.defectors.identity import formatted_identity_number, is_protected
from trygg.defectors.persons import services as persons
from trygg.defectors.persons.forms import ContactForm, IdentifyForm, PersonForm
from trygg.defectors.policies import defectors_policy

VIEW_ACTION = "defectors.person.view"


def _view_payload(case) -> dict:
    return {"person": case.person_id} if case.person_id else {}


def _person_page(
    request,
    case,
    *,
    reveal: bool = False,
    person_form=None,
    identify_form=None,
    contact_form=None,
):
    person = case.person
    shown = person is not None and (reveal or not is_protected(person))
    can_edit = bool(defectors_policy.can(request.actor, "edit", case))
    if can_edit:
        if person is None:
            identify_form = identify_form or IdentifyForm()
        else:
            # The edit form holds the name and contact details: for a protected identity
            # it is offered only once the identity is shown (or when it comes back refused,
            # holding only what the user just typed).
            if person_form is None and shown:
                person_form = PersonForm(
                    initial={
                        "given_name": person.given_name,
                        "family_name": person.family_name,
                        "contact": person.contact,
                        "protection": person.protection,
                    }
                )
            contact_form = contact_form or ContactForm()
    return render(
        request,
        "defectors/person.html",
        case_context(
            case,
            "person",
            reveal=reveal,
            identity_shown=shown,
            identity_number=formatted_identity_number(person.identity_number) if shown else "",
            contacts=persons.contacts_of(case=case),
            can_edit=can_edit,
            person_form=person_form if can_edit else None,
            identify_form=identify_form if can_edit else None,
            contact_form=contact_form if can_edit else None,
        ),
    )


def _shown_again(request, case, **kwargs):
    """A refused form is shown again with the page: that is a view of the person too."""
    services.record_case_event(
        actor=request.actor, case=case, action=VIEW_ACTION, **_view_payload(case)
    )
    return _person_page(request, case, **kwargs)


def _back(case, anchor: str = ""):
    return redirect(reverse("defectors:person", args=[case.pk]) + anchor)


@guard(defectors_policy, "use")
def person_view(request, case_id: int):
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    services.record_case_event(
        actor=request.actor, case=case, action=VIEW_ACTION, **_view_payload(case)
    )
    return _person_page(request, case)


@guard(defectors_policy, "use")
@require_POST
def person_reveal_view(request, case_id: int):
    """Show a protected identity, and its relatives' details, for this one response."""
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    if case.person is None:
        return _back(case)
    services.record_case_event(
        actor=request.actor, case=case, action=VIEW_ACTION, **_view_payload(case)
    )
    selectors.person_reveal(actor=request.actor, case=case)
    return _person_page(request, case, reveal=True)


@guard(defectors_policy, "use")
@require_POST
def person_update_view(request, case_id: int):
    case = editable_case(request, case_id)
    if case.person is None:
        return _back(case)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            persons.person_update(actor=request.actor, case=case, **form.service_arguments())
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The person's details were saved."))
            return _back(case)
    return _shown_again(request, case, person_form=form)


@guard(defectors_policy, "use")
@require_POST
def person_identify_view(request, case_id: int):
    case = editable_case(request, case_id)
    if case.person is not None:
        return _back(case)
    form = IdentifyForm(request.POST)
    if form.is_valid():
        try:
            persons.person_identify(actor=request.actor, case=case, **form.service_arguments())
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The person was identified."))
            return _back(case)
    return _shown_again(request, case, identify_form=form)


@guard(defectors_policy, "use")
@require_POST
def contact_add_view(request, case_id: int):
    case = editable_case(request, case_id)
    if case.person is None:
        return _back(case)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            persons.contact_add(actor=request.actor, case=case, **form.service_arguments())
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The relative or contact was added."))
            return _back(case, "#contacts-heading")
    return _shown_again(request, case, contact_form=form)


@guard(defectors_policy, "use")
@require_POST
def contact_remove_view(request, case_id: int, contact_id: int):
    case = editable_case(request, case_id)
    contact = persons.contact_get(case=case, contact_id=contact_id)
    persons.contact_remove(actor=request.actor, case=case, contact=contact)
    messages.success(request, _("The relative or contact was removed."))
    return _back(case, "#contacts-heading")
