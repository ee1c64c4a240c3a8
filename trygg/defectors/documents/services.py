"""Documents (handlingar) of a case file: the list, uploads and reading one back.

Every document is encrypted at rest (``trygg.defectors.documents.storage``); it is only ever read
through ``document_open``, after the case check, and every read is audited
(``defectors.document.view``). Audit payloads carry ids only, never a file name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date as Date

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError
from trygg.core.files import FILE_TYPES, safe_filename
from trygg.defectors.cases.selectors import case_find
from trygg.defectors.cases.services import record_case_event, require_edit, touch
from trygg.defectors.documents import storage as files
from trygg.defectors.models import Case, CaseAttachment, PoliceRiskAnalysis

logger = logging.getLogger(__name__)

_TYPE_LABELS = {}
for _extension, _file_type in FILE_TYPES.items():
    _TYPE_LABELS.setdefault(_file_type.content_type, _extension.upper())


@dataclass(frozen=True)
class DocumentRow:
    """A document as the list shows it, with what it belongs to."""

    attachment: CaseAttachment
    type_label: str
    risk_analysis_received_on: Date | None


def type_label(content_type: str) -> str:
    """A short name of the (checked) file type, e.g. "PDF"."""
    return _TYPE_LABELS.get(content_type, content_type)


def download_filename(attachment: CaseAttachment) -> str:
    """A file name that is safe in a Content-Disposition header on every platform."""
    return safe_filename(attachment.original_name, fallback=f"handling-{attachment.pk}")


# --- Reads ------------------------------------------------------------------------------


def document_list(*, actor, case: Case) -> list[DocumentRow]:
    """Every document of the case (found by ``case_find``), oldest first, in three queries.

    One ``defectors.document.list`` event records which documents were shown.
    """
    attachments = list(
        CaseAttachment.objects.filter(case=case)
        .select_related("uploaded_by", "journal_entry")
        .defer("journal_entry__text")
        .order_by("uploaded_at", "id")
    )
    risk_analyses = dict(
        PoliceRiskAnalysis.objects.filter(case=case, document__isnull=False).values_list(
            "document_id", "received_on"
        )
    )
    record_case_event(
        actor=actor,
        case=case,
        action="defectors.document.list",
        documents=[attachment.pk for attachment in attachments],
    )
    return [
        DocumentRow(
            attachment=attachment,
            type_label=type_label(attachment.content_type),
            risk_analysis_received_on=risk_analyses.get(attachment.pk),
        )
        for attachment in attachments
    ]


def document_open(*, actor, case_id: int, attachment_id: int) -> tuple[CaseAttachment, bytes]:
    """A document of a case the actor may open, and its decrypted content; 404 otherwise
    (also for a document of another case). The read is audited."""
    case = case_find(actor=actor, case_id=case_id)
    attachment = CaseAttachment.objects.filter(case=case, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    try:
        content = files.read(attachment)
    except FileNotFoundError as error:
        logger.error("The stored file of case document %s is missing.", attachment.pk)
        raise Http404 from error
    record_case_event(
        actor=actor, case=case, action="defectors.document.view", document=attachment.pk
    )
    return attachment, content


# --- Writes -----------------------------------------------------------------------------


def document_add(*, actor, case: Case, upload) -> CaseAttachment:
    """Check, encrypt and store one document in the case file (not tied to an entry)."""
    require_edit(actor, case)
    if upload is None:
        raise ApplicationError(_("Choose a file to upload."), field="file")
    attachment = None
    try:
        with transaction.atomic():
            attachment = files.store(case=case, upload=upload, user=actor.user)
            touch(case)
            record_case_event(
                actor=actor, case=case, action="defectors.document.create", document=attachment.pk
            )
    except BaseException:
        if attachment is not None:
            files.delete_stored(attachment)  # the row was rolled back: no orphan on disk
        raise
    return attachment
