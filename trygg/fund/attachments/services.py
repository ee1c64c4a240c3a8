"""Attachments to safety-fund applications: checking, storing, removing and reading them.

A file is accepted only after the shared checks in ``trygg.core.files`` (allowed extension
*and* content that matches it, so a renamed program is refused). It is stored on
the default storage under a random name: the user's file name is kept for display only and
never reaches a path. The content type served on download is the checked type's, never
the one the browser sent.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.files import (
    checked_type,
    display_name,
    safe_filename,
)
from trygg.fund import selectors
from trygg.fund.models import Application, Attachment, Call
from trygg.fund.policies import fund_policy


def download_filename(attachment: Attachment) -> str:
    """A file name that is safe in a Content-Disposition header on every platform."""
    return safe_filename(attachment.original_name, fallback=f"bilaga-{attachment.pk}")


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


def _require_room_for(application: Application, size: int) -> None:
    """At most TRYGG_FUND_ATTACHMENTS_PER_APPLICATION files and TRYGG_FUND_ATTACHMENTS_TOTAL_MB
    in all per application (checked under the application's row lock)."""
    held = application.attachments.aggregate(count=Count("id"), total=Sum("size"))
    if held["count"] >= settings.TRYGG_FUND_ATTACHMENTS_PER_APPLICATION:
        raise ApplicationError(
            _(
                "The application already has %(count)d attachments, the most allowed. "
                "Remove one first."
            )
            % {"count": held["count"]},
            field="file",
        )
    if (held["total"] or 0) + size > settings.TRYGG_FUND_ATTACHMENTS_TOTAL_MB * 1024 * 1024:
        raise ApplicationError(
            _(
                "The attachments of an application may be at most %(max)d MB in all. "
                "Remove one first."
            )
            % {"max": settings.TRYGG_FUND_ATTACHMENTS_TOTAL_MB},
            field="file",
        )


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
        _require_room_for(application, upload.size)
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
