"""The grant agreement of a company: its PDF and the company's signature."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.fund import selectors
from trygg.fund.agreements.forms import SignForm
from trygg.fund.agreements.services import agreement_filename, agreement_sign
from trygg.fund.models import GrantAgreement
from trygg.fund.policies import fund_policy

logger = logging.getLogger(__name__)


def _agreement(request, application_id: int) -> GrantAgreement:
    """The agreement of an application the actor may see, for its coordinators and company."""
    actor = request.actor
    application = selectors.application_get(actor=actor, application_id=application_id)
    if not actor.has_role(Role.SAMORDNARE, Role.SOKANDE):
        raise PermissionDenied
    agreement = GrantAgreement.objects.filter(application=application).first()
    if agreement is None:
        raise Http404
    return agreement


@guard(fund_policy, "use_fund")
@require_GET
def agreement_pdf_view(request, application_id: int):
    agreement = _agreement(request, application_id)
    try:
        document = agreement.document.open("rb")
    except (FileNotFoundError, ValueError) as error:
        logger.error("The agreement of application %s is missing.", agreement.application_id)
        raise Http404 from error
    response = FileResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{agreement_filename(agreement)}"'
    response["Cache-Control"] = "no-store"
    return response


@guard(fund_policy, "use_fund")
@require_POST
def agreement_sign_view(request, application_id: int):
    agreement = _agreement(request, application_id)
    form = SignForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Give your name and title."))
        agreement_sign(actor=request.actor, agreement=agreement, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The agreement was signed. The grant can now be paid."))
    return redirect("fund:application_detail", application_id)
