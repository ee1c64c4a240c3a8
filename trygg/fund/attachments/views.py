"""Uploading, removing and downloading attachments of safety-fund applications.

Files are never served by URL from storage: a download goes through the application's own
selector (404 outside the actor's scope) and, for reviewers, the conflict-of-interest
declaration, exactly like the application page. A refused upload goes back to the edit
page, where the message is shown next to the field it concerns.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.fund import selectors
from trygg.fund.attachments import services as attachments
from trygg.fund.attachments.forms import REFUSAL_TAG, AttachmentForm
from trygg.fund.policies import fund_policy

logger = logging.getLogger(__name__)


def _back_to_edit(application):
    return redirect(f"{reverse('fund:application_edit', args=[application.pk])}#attachments")


@guard(fund_policy, "use_fund")
@require_POST
def attachment_upload_view(request, application_id: int):
    actor = request.actor
    application = selectors.application_get(actor=actor, application_id=application_id)
    require(request, fund_policy, "edit", application)
    form = AttachmentForm(
        request.POST, request.FILES, labels=attachments.required_labels(application.call)
    )
    try:
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise ApplicationError(" ".join(errors), field=field)
        attachments.attachment_add(
            actor=actor,
            application=application,
            label=form.cleaned_data["label"],
            upload=form.cleaned_data["file"],
        )
    except ApplicationError as error:
        messages.error(request, error.message, extra_tags=f"{REFUSAL_TAG}{error.field or 'file'}")
        return _back_to_edit(application)
    messages.success(request, _("The attachment was added."))
    return _back_to_edit(application)


@guard(fund_policy, "use_fund")
@require_POST
def attachment_remove_view(request, attachment_id: int):
    actor = request.actor
    attachment = attachments.attachment_get(actor=actor, attachment_id=attachment_id)
    require(request, fund_policy, "edit", attachment.application)
    attachments.attachment_remove(actor=actor, attachment=attachment)
    messages.success(request, _("The attachment was removed."))
    return _back_to_edit(attachment.application)


@guard(fund_policy, "use_fund")
@require_GET
def attachment_download_view(request, attachment_id: int):
    actor = request.actor
    if actor.has_role(Role.GRANSKARE):
        # As on the application page: a reviewer who has not yet declared on conflict of
        # interest goes to the declaration; the file comes only after "no conflict".
        undeclared = (
            selectors.review_assignments_of(actor=actor)
            .filter(application__attachments=attachment_id, has_conflict__isnull=True)
            .first()
        )
        if undeclared is not None:
            return redirect("fund:review", undeclared.pk)
    attachment = attachments.attachment_get(actor=actor, attachment_id=attachment_id)
    try:
        content = attachment.file.open("rb")
    except FileNotFoundError as error:
        logger.error("The file of attachment %s is missing.", attachment.pk)
        raise Http404 from error
    response = FileResponse(
        content,
        as_attachment=True,
        filename=attachments.download_filename(attachment),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
