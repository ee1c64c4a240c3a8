"""Pages of the journal (anteckningar): the entries with a form for a new one, and one entry
with the forms its reader may use (change, sign or delete one's own draft; correct a signed
entry).

Every page goes through ``case_find`` (404 unless on the team or by emergency access) and
audits what it shows: ``defectors.journal.list`` with the entry ids of the page,
``defectors.journal.view`` for one entry.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trygg.core.access import guard, require
from trygg.core.confirm import confirmation
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors
from trygg.defectors.cases.links import around_id
from trygg.defectors.cases.sections import case_context
from trygg.defectors.journal import services as journal
from trygg.defectors.journal.forms import CorrectionForm, JournalEntryForm
from trygg.defectors.policies import defectors_policy


def _journal_url(case, entry=None) -> str:
    url = reverse("defectors:journal", args=[case.pk])
    return f"{url}#entry-{entry.pk}" if entry is not None else url


def _entry_url(case, entry) -> str:
    return reverse("defectors:journal_entry", args=[case.pk, entry.pk])


def _can_write(request, case) -> bool:
    return bool(defectors_policy.can(request.actor, "edit", case))


@guard(defectors_policy, "use")
@require_http_methods(["GET", "POST"])
def journal_view(request, case_id: int):
    actor = request.actor
    case = selectors.case_find(actor=actor, case_id=case_id)
    can_write = _can_write(request, case)
    form = JournalEntryForm() if can_write else None
    if request.method == "POST":
        require(request, defectors_policy, "edit", case)
        form = JournalEntryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                entry = journal.journal_entry_create(
                    actor=actor, case=case, **form.service_arguments()
                )
            except ApplicationError as error:
                apply_application_error(form, error)
            else:
                messages.success(
                    request, _("The entry was saved as a draft. Sign it when it is finished.")
                )
                return redirect(_journal_url(case, entry))
    page = journal.journal_list(actor=actor, case=case, page=request.GET.get("sida"))
    return render(
        request,
        "defectors/journal.html",
        case_context(
            case,
            "journal",
            page=page,
            entries=page.object_list,
            form=form,
            entry_url=around_id("defectors:journal_entry", case.pk),
            document_url=around_id("defectors:document_download", case.pk),
        ),
    )


def _entry_page(request, case, entry_id: int, *, edit_form=None, correction_form=None):
    """One entry, audited, with the forms the reader may use."""
    actor = request.actor
    entry = journal.journal_entry_get(actor=actor, case=case, entry_id=entry_id)
    can_write = _can_write(request, case)
    own_draft = can_write and journal.can_change(actor, entry)
    if own_draft and edit_form is None:
        edit_form = JournalEntryForm(initial={"occurred_on": entry.occurred_on, "text": entry.text})
    correctable = can_write and entry.signed_at is not None
    if correctable and correction_form is None:
        correction_form = CorrectionForm()
    return render(
        request,
        "defectors/journal_entry.html",
        case_context(
            case,
            "journal",
            entry=entry,
            entry_url=around_id("defectors:journal_entry", case.pk),
            document_url=around_id("defectors:document_download", case.pk),
            edit_form=edit_form if own_draft else None,
            correction_form=correction_form if correctable else None,
        ),
    )


def _refused(request, case, entry, error: ApplicationError):
    """A refusal that concerns no field (e.g. the entry is signed): said on the entry page."""
    messages.error(request, error.message)
    return redirect(_entry_url(case, entry))


@guard(defectors_policy, "use")
@require_http_methods(["GET", "POST"])
def journal_entry_view(request, case_id: int, entry_id: int):
    """GET: the entry. POST: change one's own draft."""
    actor = request.actor
    case = selectors.case_find(actor=actor, case_id=case_id)
    if request.method == "GET":
        return _entry_page(request, case, entry_id)
    require(request, defectors_policy, "edit", case)
    entry = journal.journal_entry_find(case=case, entry_id=entry_id)
    form = JournalEntryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            journal.journal_entry_update(
                actor=actor, case=case, entry=entry, **form.service_arguments()
            )
        except ApplicationError as error:
            if error.field is None:
                return _refused(request, case, entry, error)
            apply_application_error(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(_journal_url(case, entry))
    return _entry_page(request, case, entry_id, edit_form=form)


@guard(defectors_policy, "use")
@require_POST
def journal_sign_view(request, case_id: int, entry_id: int):
    actor = request.actor
    case = selectors.case_find(actor=actor, case_id=case_id)
    require(request, defectors_policy, "edit", case)
    entry = journal.journal_entry_find(case=case, entry_id=entry_id)
    journal.journal_entry_require_signable(actor=actor, case=case, entry=entry)
    asked = confirmation(
        request,
        title=_("Sign the journal entry?"),
        text=_(
            "A signed entry can no longer be changed or deleted. A mistake is then corrected "
            "with a new entry that points to it."
        ),
        button=_("Yes, sign the entry"),
        cancel_url=_journal_url(case, entry),
    )
    if asked:
        return asked
    try:
        journal.journal_entry_sign(actor=actor, case=case, entry=entry)
    except ApplicationError as error:
        return _refused(request, case, entry, error)
    messages.success(request, _("The entry was signed. It can no longer be changed."))
    return redirect(_journal_url(case, entry))


@guard(defectors_policy, "use")
@require_POST
def journal_correct_view(request, case_id: int, entry_id: int):
    actor = request.actor
    case = selectors.case_find(actor=actor, case_id=case_id)
    require(request, defectors_policy, "edit", case)
    entry = journal.journal_entry_find(case=case, entry_id=entry_id)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            correction = journal.journal_entry_correct(
                actor=actor, case=case, entry=entry, **form.service_arguments()
            )
        except ApplicationError as error:
            if error.field is None:
                return _refused(request, case, entry, error)
            apply_application_error(form, error)
        else:
            messages.success(
                request, _("The correction was saved as a draft. Sign it when it is finished.")
            )
            return redirect(_journal_url(case, correction))
    return _entry_page(request, case, entry_id, correction_form=form)


@guard(defectors_policy, "use")
@require_POST
def journal_delete_view(request, case_id: int, entry_id: int):
    actor = request.actor
    case = selectors.case_find(actor=actor, case_id=case_id)
    require(request, defectors_policy, "edit", case)
    entry = journal.journal_entry_find(case=case, entry_id=entry_id)
    try:
        journal.journal_entry_delete(actor=actor, case=case, entry=entry)
    except ApplicationError as error:
        return _refused(request, case, entry, error)
    messages.success(request, _("The draft was deleted."))
    return redirect(_journal_url(case))
