"""Documents in a case file, encrypted at rest.

An upload is checked like every upload in Trygg (size, extension and content must agree,
see ``trygg.core.files.checked_type``), then sealed with AES-256-GCM under the field
keys, bound to its random storage name, and written to the default storage. The file name
is an encrypted field. Nothing readable about the document is on disk or in the database;
only ``read`` (after the caller's access check) opens it again.
"""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from trygg.core.crypto import decrypt_bytes, encrypt_bytes
from trygg.core.files import checked_type, display_name
from trygg.defectors.models import Case, CaseAttachment

STORAGE_DIR = "defectors"


def _context(storage_name: str) -> str:
    return f"defectors.attachment:{storage_name}"


def store(*, case: Case, upload, user, journal_entry=None) -> CaseAttachment:
    """Check, encrypt and save ``upload``; the caller holds the transaction and audits.

    Raises ``ApplicationError`` (field "file") for an empty, too large or disallowed file.
    """
    name = display_name(upload.name)
    _extension, file_type = checked_type(upload, name)
    data = b"".join(upload.chunks())
    storage_name = f"{STORAGE_DIR}/{secrets.token_hex(16)}.bin"
    stored = default_storage.save(
        storage_name, ContentFile(encrypt_bytes(data, context=_context(storage_name)))
    )
    return CaseAttachment.objects.create(
        case=case,
        journal_entry=journal_entry,
        original_name=name,
        content_type=file_type.content_type,
        size=len(data),
        storage_name=stored,
        uploaded_by=user,
    )


def read(attachment: CaseAttachment) -> bytes:
    """The document's content. Call only after the access check (and audit the read)."""
    with default_storage.open(attachment.storage_name, "rb") as handle:
        return decrypt_bytes(handle.read(), context=_context(attachment.storage_name))


def delete_stored(attachment: CaseAttachment) -> None:
    """Remove the encrypted object from storage (retention; the row goes with its case)."""
    default_storage.delete(attachment.storage_name)
