"""Attachments to safety-fund applications: checking, storing, removing and reading them.

A file is accepted only when its extension is allowed (TRYGG_FUND_ATTACHMENT_TYPES) *and*
its content is what the extension claims (magic bytes; the Office and OpenDocument formats
are zip archives with a known member), so a renamed program is refused. It is stored on
the default storage under a random name: the user's file name is kept for display only and
never reaches a path. The content type served on download is the checked type's, never
the one the browser sent.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.fund import selectors
from trygg.fund.models import Application, Attachment, Call
from trygg.fund.policies import fund_policy

MAX_NAME_LENGTH = 255
_UNSAFE_IN_FILENAME = re.compile(r"[^\w.()+ -]")


# --- File types -------------------------------------------------------------------------


def _starts_with(signature: bytes) -> Callable:
    def check(upload) -> bool:
        upload.seek(0)
        return upload.read(len(signature)) == signature

    return check


def _zip_containing(member: str) -> Callable:
    """A zip archive with ``member`` in it. Only the directory is read, nothing unpacked."""
    starts_as_zip = _starts_with(b"PK\x03\x04")

    def check(upload) -> bool:
        if not starts_as_zip(upload):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                return member in archive.namelist()
        except Exception:
            # A damaged archive fails in many ways (BadZipFile, NotImplementedError for an
            # unknown compression, decoding errors...); every one means "not this type".
            return False

    return check


@dataclass(frozen=True)
class FileType:
    content_type: str
    matches: Callable


_OOXML = _zip_containing("[Content_Types].xml")
_ODF = _zip_containing("mimetype")
_JPEG = FileType("image/jpeg", _starts_with(b"\xff\xd8\xff"))

FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("application/pdf", _starts_with(b"%PDF")),
    "png": FileType("image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _OOXML
    ),
    "xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _OOXML),
    "odt": FileType("application/vnd.oasis.opendocument.text", _ODF),
    "ods": FileType("application/vnd.oasis.opendocument.spreadsheet", _ODF),
}


def allowed_extensions() -> list[str]:
    """The configured extensions this module knows how to check, in the configured order."""
    configured = (e.strip().lower().lstrip(".") for e in settings.TRYGG_FUND_ATTACHMENT_TYPES)
    return [e for e in dict.fromkeys(configured) if e in FILE_TYPES]


def max_bytes() -> int:
    return int(settings.TRYGG_FUND_ATTACHMENT_MAX_MB * 1024 * 1024)


def display_name(name: str) -> str:
    """The user's file name without any path, control characters or excess length."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) < 10:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH]
    return name


def download_filename(attachment: Attachment) -> str:
    """A file name that is safe in a Content-Disposition header on every platform."""
    name = _UNSAFE_IN_FILENAME.sub("_", display_name(attachment.original_name)).lstrip(". ")
    return name or f"bilaga-{attachment.pk}"


def _extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def _type_refusal() -> ApplicationError:
    return ApplicationError(
        _("The file type is not allowed. Upload one of these types: %(types)s.")
        % {"types": ", ".join(e.upper() for e in allowed_extensions())},
        field="file",
    )


def checked_type(upload, name: str) -> tuple[str, FileType]:
    """(extension, type) of an upload whose size, name and content are all acceptable."""
    if not upload.size:
        raise ApplicationError(_("The file is empty."), field="file")
    if upload.size > max_bytes():
        raise ApplicationError(
            _("The file is too large. The largest size allowed is %(max)s MB.")
            % {"max": settings.TRYGG_FUND_ATTACHMENT_MAX_MB},
            field="file",
        )
    extension = _extension(name)
    if extension not in allowed_extensions():
        raise _type_refusal()
    file_type = FILE_TYPES[extension]
    try:
        matches = file_type.matches(upload)
    finally:
        upload.seek(0)
    if not matches:
        raise _type_refusal()
    return extension, file_type


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


# --- Required documents -------------------------------------------------------------------


def required_labels(call: Call) -> list[str]:
    """The documents the call asks every application for, in the call's order."""
    labels = (str(label).strip() for label in call.required_attachments or [])
    return [label for label in dict.fromkeys(labels) if label]


def missing_labels(application: Application) -> list[str]:
    required = required_labels(application.call)
    if not required:
        return []
    present = set(application.attachments.values_list("label", flat=True))
    return [label for label in required if label not in present]


# --- Writes -----------------------------------------------------------------------------


def _require_edit(actor, application: Application) -> None:
    fund_policy.require(actor, "edit", application)


def _locked_for_edit(actor, application: Application) -> Application:
    """Lock the application and check again, so a submission cannot slip in between."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _require_edit(actor, locked)
    return locked


def attachment_add(*, actor, application: Application, label: str, upload) -> Attachment:
    """Check and store one file. Nothing is stored unless everything is acceptable."""
    _require_edit(actor, application)
    label = (label or "").strip()
    if label and label not in required_labels(application.call):
        raise ApplicationError(_("Choose one of the documents in the list."), field="label")
    name = display_name(getattr(upload, "name", ""))
    extension, file_type = checked_type(upload, name)
    attachment = Attachment(
        application=application,
        label=label,
        original_name=name,
        content_type=file_type.content_type,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=actor.user,
    )
    with transaction.atomic():
        _locked_for_edit(actor, application)
        attachment.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        try:
            attachment.full_clean()
            attachment.save()
            record(
                action="fund.attachment.create",
                actor=actor,
                target=attachment,
                payload={"application": application.pk},
            )
        except BaseException:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(*, actor, attachment: Attachment) -> None:
    application = attachment.application
    _require_edit(actor, application)
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        _locked_for_edit(actor, application)
        record(
            action="fund.attachment.delete",
            actor=actor,
            target=attachment,
            payload={"application": application.pk},
        )
        attachment.delete()
        # The file goes only once the row is surely gone; a rollback keeps both.
        transaction.on_commit(lambda: storage.delete(name), robust=True)


# --- Reads ------------------------------------------------------------------------------


def attachment_get(*, actor, attachment_id: int) -> Attachment:
    """An attachment of an application the actor may open; 404 for any other."""
    attachment = get_object_or_404(Attachment, pk=attachment_id)
    # The application's own selector decides: the same 404 whether the attachment does not
    # exist or belongs to an application the actor may not open.
    attachment.application = selectors.application_get(
        actor=actor, application_id=attachment.application_id
    )
    return attachment
