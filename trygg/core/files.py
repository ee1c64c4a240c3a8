"""Checks for uploaded files, shared by every module that accepts them.

A file is accepted only when its extension is allowed (``TRYGG_FUND_ATTACHMENT_TYPES``; the
setting keeps its first user's name) *and* its content is what the extension claims (magic
bytes; the Office and OpenDocument formats are zip archives with a known member), so a
renamed program is refused. The user's file name is kept for display only and never reaches
a path.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError

MAX_NAME_LENGTH = 255
_UNSAFE_IN_FILENAME = re.compile(r"[^\w.()+ -]")


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


def safe_filename(name: str, *, fallback: str) -> str:
    """A file name that is safe in a Content-Disposition header on every platform."""
    return _UNSAFE_IN_FILENAME.sub("_", display_name(name)).lstrip(". ") or fallback


def replace_stored(field_file, name: str, data: bytes) -> None:
    """Store ``data`` as the file of ``field_file`` (a model's FieldFile; the caller saves the
    row), and remove the file it replaces once the transaction commits. A letter made again
    or an agreement signed would otherwise leave the earlier file behind, referenced by
    nothing; until the commit the earlier file stays, so a rollback loses neither."""
    from django.core.files.base import ContentFile
    from django.db import transaction

    earlier = field_file.name
    field_file.save(name, ContentFile(data), save=False)
    if earlier and earlier != field_file.name:
        storage = field_file.storage
        transaction.on_commit(lambda: storage.delete(earlier))
