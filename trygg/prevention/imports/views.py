"""Importing indicator values: upload a file, map its columns, check every row, import."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.prevention import selectors
from trygg.prevention.imports import services
from trygg.prevention.imports.forms import MappingForm, UploadForm
from trygg.prevention.models import ImportMapping, ValueImport
from trygg.prevention.policies import prevention_policy

PREVIEW_ROWS = 10
LOG_LENGTH = 20


def _mappings(actor):
    return ImportMapping.objects.filter(municipality_id=actor.municipality_id).select_related(
        "indicator"
    )


@guard(prevention_policy, "manage_indicators")
def import_list_view(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            value_import = services.import_upload(
                actor=request.actor, name=upload.name, content=upload.read()
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            return redirect("prevention:import", value_import.pk)
    log = ValueImport.objects.filter(municipality_id=request.actor.municipality_id).select_related(
        "uploaded_by"
    )[:LOG_LENGTH]
    return render(
        request,
        "prevention/import_list.html",
        {"form": form, "log": log, "mappings": _mappings(request.actor)},
    )


@guard(prevention_policy, "manage_indicators")
def import_view(request, import_id: int):
    actor = request.actor
    value_import = get_object_or_404(
        ValueImport.objects.filter(municipality_id=actor.municipality_id).defer("content"),
        pk=import_id,
    )
    finished = value_import.finished_at is not None
    try:
        table = None if finished else services.import_table(value_import)
    except ApplicationError as error:  # a file kept from before a change to the reader
        messages.error(request, error.message)
        return redirect("prevention:import_list")
    saved = None
    if request.GET.get("mapping", "").isdigit():
        saved = _mappings(actor).filter(pk=int(request.GET["mapping"])).first()
    initial = {}
    if saved is not None:
        initial = {
            "district_column": saved.district_column,
            "period_column": saved.period_column,
            "value_column": saved.value_column,
            "indicator_column": saved.indicator_column,
            "indicator": saved.indicator,
        }
    form = (
        None
        if finished
        else MappingForm(
            request.POST or None,
            columns=table.columns,
            indicators=selectors.indicator_list(actor=actor).filter(
                is_active=True, from_reports=""
            ),
            initial=initial,
        )
    )
    check = None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        mapping = services.Mapping(
            district_column=data["district_column"],
            period_column=data["period_column"],
            value_column=data["value_column"],
            indicator_column=data["indicator_column"] or "",
            indicator=data["indicator"],
        )
        try:
            if data["save_as"]:
                services.mapping_save(actor=actor, name=data["save_as"], mapping=mapping)
            if "import" in request.POST:
                count = services.import_commit(actor=actor, upload=value_import, mapping=mapping)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s value was imported.", "%(count)s values were imported.", count
                    )
                    % {"count": count},
                )
                return redirect("prevention:import", value_import.pk)
            check = services.import_check(actor=actor, upload=value_import, mapping=mapping)
        except ApplicationError as error:
            apply_application_error(form, error)
            if "import" in request.POST:
                check = services.import_check(actor=actor, upload=value_import, mapping=mapping)
    return render(
        request,
        "prevention/import.html",
        {
            "value_import": value_import,
            "table": table,
            "preview": table.rows[:PREVIEW_ROWS] if table else [],
            "form": form,
            "check": check,
            "mappings": _mappings(actor),
        },
    )
