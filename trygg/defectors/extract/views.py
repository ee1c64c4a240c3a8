"""Pages of the defector programme: the register extract (GDPR art. 15), JSON and PDF.

The case team only (``can_extract``): not the unit manager off the team, not a colleague
holding emergency access. Every download is audited (``defectors.extract.create``) and is
never cached; the file name holds the case reference, nothing about the person.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trygg.core.access import guard, require
from trygg.defectors.cases import selectors, services
from trygg.defectors.cases.sections import case_context
from trygg.defectors.extract import services as extract
from trygg.defectors.models import Case
from trygg.defectors.policies import defectors_policy

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "pdf": "application/pdf"}


def _extract_case(request, case_id: int) -> Case:
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    require(request, defectors_policy, "extract", case)
    return case


@guard(defectors_policy, "use")
@require_GET
def extract_view(request, case_id: int):
    case = _extract_case(request, case_id)
    services.record_case_event(actor=request.actor, case=case, action="defectors.extract.view")
    case_count = (
        Case.objects.filter(
            person_id=case.person_id, municipality_id=case.person.municipality_id
        ).count()
        if case.person_id
        else 0
    )
    return render(
        request, "defectors/extract.html", case_context(case, "overview", case_count=case_count)
    )


def _download(request, case_id: int, format: str) -> HttpResponse:
    case = _extract_case(request, case_id)
    if case.person is None:
        raise Http404  # an anonymous contact: nobody to make an extract for
    data = extract.register_extract(actor=request.actor, case=case, format=format)
    content = extract.extract_pdf(data) if format == "pdf" else extract.extract_json(data)
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    filename = extract.extract_filename(case, format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@guard(defectors_policy, "use")
@require_GET
def extract_json_view(request, case_id: int):
    return _download(request, case_id, "json")


@guard(defectors_policy, "use")
@require_GET
def extract_pdf_view(request, case_id: int):
    return _download(request, case_id, "pdf")
