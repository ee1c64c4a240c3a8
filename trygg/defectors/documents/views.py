"""Pages of the documents (handlingar) of a case: the list with an upload form, and the
download of one document.

A document is never served from storage by URL: the download checks the case
(``case_find``, 404 off the team), that the document belongs to that case, audits the read
(``defectors.document.view``) and sends the decrypted bytes as an attachment that no cache
keeps and no browser sniffs.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors
from trygg.defectors.cases.sections import case_context
from trygg.defectors.documents import services as documents
from trygg.defectors.documents.forms import DocumentForm
from trygg.defectors.policies import defectors_policy


@guard(defectors_policy, "use")
@require_http_methods(["GET", "POST"])
def documents_view(request, case_id: int):
    actor = request.actor
    case = selectors.case_find(actor=actor, case_id=case_id)
    can_write = bool(defectors_policy.can(actor, "edit", case))
    form = DocumentForm() if can_write else None
    if request.method == "POST":
        require(request, defectors_policy, "edit", case)
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                documents.document_add(actor=actor, case=case, upload=form.cleaned_data["file"])
            except ApplicationError as error:
                apply_application_error(form, error)
            else:
                messages.success(request, _("The document was added."))
                return redirect("defectors:documents", case.pk)
    rows = documents.document_list(actor=actor, case=case)
    return render(
        request,
        "defectors/documents.html",
        case_context(case, "documents", documents=rows, form=form),
    )


@guard(defectors_policy, "use")
@require_GET
def document_download_view(request, case_id: int, attachment_id: int):
    attachment, content = documents.document_open(
        actor=request.actor, case_id=case_id, attachment_id=attachment_id
    )
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=documents.download_filename(attachment),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
