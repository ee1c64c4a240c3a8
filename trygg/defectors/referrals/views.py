"""Pages of referrals: the case's Referrals section (the team sends; the answers and any
withdrawn consent are shown), the package as a PDF, and the partner agency's inbox."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.access import guard, require
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.core.pdf import html_to_pdf
from trygg.defectors.cases import selectors as cases
from trygg.defectors.cases.sections import case_context, editable_case
from trygg.defectors.models import Inbound
from trygg.defectors.policies import defectors_policy
from trygg.defectors.referrals import selectors, services
from trygg.defectors.referrals.forms import ReferralAnswerForm, ReferralForm


def _case_page(request, case, form=None):
    can_edit = bool(defectors_policy.can(request.actor, "edit", case))
    partners = selectors.partners_of(municipality_id=case.municipality_id)
    context = {
        "referrals": selectors.referrals_of_case(case=case),
        "today": timezone.localdate(),
        "form": (form or ReferralForm(partners=partners)) if can_edit else None,
    }
    return render(request, "defectors/referrals.html", case_context(case, "referrals", **context))


@guard(defectors_policy, "use")
def referrals_view(request, case_id: int):
    if request.method != "POST":
        case = cases.case_get(
            actor=request.actor, case_id=case_id, action="defectors.referral.list"
        )
        return _case_page(request, case)
    case = editable_case(request, case_id)
    form = ReferralForm(
        request.POST, partners=selectors.partners_of(municipality_id=case.municipality_id)
    )
    if form.is_valid():
        try:
            referral = services.referral_send(actor=request.actor, case=case, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The referral to %(partner)s was recorded. Download the package and send it "
                    "the usual secure way."
                )
                % {"partner": referral.partner.name},
            )
            return redirect("defectors:referrals", case.pk)
    return _case_page(request, case, form)


def _package_response(request, referral) -> HttpResponse:
    require(request, defectors_policy, "read_package", referral)
    html = render_to_string(
        "defectors/referral_pdf.html",
        {
            "referral": referral,
            "sections": services.package_of(referral),
            "municipality": referral.case.municipality,
        },
        request=request,
    )
    content = html_to_pdf(html)
    record(
        action="defectors.referral.package",
        actor=request.actor,
        target=referral,
        municipality_id=referral.case.municipality_id,
        payload={"case": referral.case_id},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hanvisning-{referral.pk}.pdf"'
    return response


@guard(defectors_policy, "use")
def referral_package_view(request, case_id: int, referral_id: int):
    case = cases.case_find(actor=request.actor, case_id=case_id)
    referral = get_object_or_404(
        case.referrals.select_related("consent", "partner"), pk=referral_id
    )
    referral.case = case
    return _package_response(request, referral)


@guard(defectors_policy, "use_partner_inbox")
def partner_inbox_view(request):
    return render(
        request,
        "defectors/partner_referrals.html",
        {
            "referrals": selectors.partner_referrals(actor=request.actor),
            "handed_over": defectors_policy.inbound_visible(
                request.actor, Inbound.objects.order_by("-created_at")
            )[:50],
        },
    )


@guard(defectors_policy, "use_partner_inbox")
def partner_referral_view(request, referral_id: int):
    referral = selectors.partner_referral_get(actor=request.actor, referral_id=referral_id)
    can_answer = bool(defectors_policy.can(request.actor, "answer_referral", referral))
    form = ReferralAnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.referral_answer(actor=request.actor, referral=referral, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("Your answer was sent to the case officer."))
            return redirect("defectors:partner_referrals")
    sharing = bool(defectors_policy.can(request.actor, "read_package", referral))
    return render(
        request,
        "defectors/partner_referral.html",
        {
            "referral": referral,
            "sharing": sharing,
            "sections": services.package_of(referral) if sharing else [],
            "form": form,
        },
    )


@guard(defectors_policy, "use_partner_inbox")
def partner_package_view(request, referral_id: int):
    referral = selectors.partner_referral_get(actor=request.actor, referral_id=referral_id)
    return _package_response(request, referral)
