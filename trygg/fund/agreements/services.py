"""The grant agreement with a municipal company (bolag).

A committee of the municipality gets its grant as an internal budget transfer; a company is a
separate legal entity, so the grant is paid only under an agreement it has signed: what the
money is for, the reporting duty and repayment of what is not used. The agreement is made in
the decision's transaction (like the letter) and signed in Trygg by the company's applicant,
who confirms they may sign for it; no payment can be asked for or approved before that.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.files import replace_stored
from trygg.core.pdf import short_html_to_pdf
from trygg.core.roles import Role
from trygg.fund.models import Application, GrantAgreement
from trygg.organisations.constants import OrganisationKind


def needs_agreement(application: Application) -> bool:
    return application.applicant.kind == OrganisationKind.BOLAG


def agreement_filename(agreement: GrantAgreement) -> str:
    return f"avtal-{agreement.application.reference}.pdf"


def _conditions(application: Application) -> str:
    reports = list(application.reports.order_by("due_date"))
    with translation.override("sv"):
        return render_to_string(
            "fund/agreement_conditions.txt", {"application": application, "reports": reports}
        ).strip()


def render_agreement_html(agreement: GrantAgreement) -> str:
    application = agreement.application
    with translation.override("sv"):
        return render_to_string(
            "fund/agreement.html",
            {
                "agreement": agreement,
                "application": application,
                "municipality": application.municipality,
                "paragraphs": [p.strip() for p in agreement.conditions.split("\n\n") if p.strip()],
            },
        )


def _store_document(agreement: GrantAgreement) -> None:
    pdf = short_html_to_pdf(render_agreement_html(agreement))
    replace_stored(agreement.document, agreement_filename(agreement), pdf)
    agreement.save(update_fields=["document", "updated_at"])


def agreement_create(*, application: Application) -> GrantAgreement:
    """Called by ``decision_record`` inside its transaction, after the reports are scheduled."""
    agreement = GrantAgreement.objects.create(
        application=application, conditions=_conditions(application)
    )
    _store_document(agreement)
    return agreement


def agreement_sign(*, actor, agreement: GrantAgreement, signatory: str, authorised: bool):
    application = agreement.application
    if not actor.has_role(Role.SOKANDE) or actor.organisation.pk != application.applicant_id:
        raise PermissionDenied
    if not authorised:
        raise ApplicationError(
            _("Confirm that you may sign agreements for the company."), field="authorised"
        )
    if not signatory.strip():
        raise ApplicationError(_("Give your name and title."), field="signatory")
    with transaction.atomic():
        current = GrantAgreement.objects.select_for_update().get(pk=agreement.pk)
        if current.signed_at is not None:
            raise ApplicationError(_("The agreement has already been signed."))
        current.signed_at = timezone.now()
        current.signed_by = actor.user
        current.signatory = signatory.strip()
        current.save(update_fields=["signed_at", "signed_by", "signatory", "updated_at"])
        _store_document(current)
        record(
            action="fund.agreement.sign",
            actor=actor,
            target=current,
            payload={"application": application.pk},
        )
    return current


def require_signed_agreement(application: Application) -> None:
    """Refuse a payment to a company that has not signed its agreement."""
    if not needs_agreement(application):
        return
    signed = GrantAgreement.objects.filter(
        application=application, signed_at__isnull=False
    ).exists()
    if not signed:
        raise ApplicationError(
            _(
                "%(company)s is a municipal company: it must sign the grant agreement before "
                "the first payment."
            )
            % {"company": application.applicant.name}
        )
