"""Pages of the defector programme: the mapping (kartläggning) and the police's risk analyses.

Every showing of the page is audited (``defectors.mapping.view``); the writes audit
themselves in their services.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.cases import selectors, services
from trygg.defectors.cases.sections import case_context, editable_case
from trygg.defectors.constants import CaseStatus
from trygg.defectors.mapping import services as mapping_services
from trygg.defectors.mapping.forms import MappingForm, RiskAnalysisForm
from trygg.defectors.policies import defectors_policy

VIEW_ACTION = "defectors.mapping.view"


def _url_if_present(name: str, *args) -> str:
    """The URL of a page another part of the module provides; "" (no link) without it."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _mapping_page(request, case, *, mapping_form=None, risk_form=None):
    mapping = mapping_services.mapping_get(case=case)
    needs = mapping_services.mapping_needs(mapping)
    analyses = mapping_services.risk_analyses(case=case)
    for analysis in analyses:
        analysis.document_url = (
            _url_if_present("defectors:document_download", case.pk, analysis.document_id)
            if analysis.document_id
            else ""
        )
    can_edit = bool(defectors_policy.can(request.actor, "edit", case))
    if can_edit:
        mapping_form = mapping_form or MappingForm(initial=MappingForm.initial_from(mapping, needs))
        risk_form = risk_form or RiskAnalysisForm()
    return render(
        request,
        "defectors/mapping.html",
        case_context(
            case,
            "mapping",
            mapping=mapping,
            needs=needs,
            analyses=analyses,
            intake=getattr(case, "intake", None),
            can_edit=can_edit,
            mapping_form=mapping_form if can_edit else None,
            risk_form=risk_form if can_edit else None,
            suggest_risk_stage=bool(analyses)
            and case.status in (CaseStatus.KONTAKT, CaseStatus.KARTLAGGNING),
            risk_stage=CaseStatus.RISKANALYS.label,
            status_url=_url_if_present("defectors:case_status", case.pk) if can_edit else "",
        ),
    )


@guard(defectors_policy, "use")
def mapping_view(request, case_id: int):
    case = selectors.case_get(actor=request.actor, case_id=case_id, action=VIEW_ACTION)
    return _mapping_page(request, case)


def _shown_again(request, case, **forms):
    """A refused form is shown again with the page: that is a view of the case too."""
    services.record_case_event(actor=request.actor, case=case, action=VIEW_ACTION)
    return _mapping_page(request, case, **forms)


@guard(defectors_policy, "use")
@require_POST
def mapping_save_view(request, case_id: int):
    case = editable_case(request, case_id)
    form = MappingForm(request.POST)
    if form.is_valid():
        try:
            mapping_services.mapping_save(
                actor=request.actor, case=case, **form.service_arguments()
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The mapping was saved."))
            return redirect("defectors:mapping", case.pk)
    return _shown_again(request, case, mapping_form=form)


@guard(defectors_policy, "use")
@require_POST
def risk_analysis_create_view(request, case_id: int):
    case = editable_case(request, case_id)
    form = RiskAnalysisForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            mapping_services.risk_analysis_register(
                actor=request.actor, case=case, **form.service_arguments()
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The police's risk analysis was registered."))
            return redirect(reverse("defectors:mapping", args=[case.pk]) + "#risk-heading")
    return _shown_again(request, case, risk_form=form)
