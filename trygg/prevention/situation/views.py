"""Lägesbild pages: the list of versions, a draft's form and problems, adoption, and a new
version from an adopted one."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.files import safe_filename
from trygg.core.forms import apply_application_error
from trygg.prevention import selectors
from trygg.prevention.districts.selectors import municipality_series
from trygg.prevention.models import Situation, SituationStatus
from trygg.prevention.policies import prevention_policy
from trygg.prevention.situation import services
from trygg.prevention.situation.forms import (
    AdoptForm,
    AttachmentForm,
    ProblemForm,
    SituationForm,
)


def _situations(actor):
    """The coordinator's drafts and adopted versions; for the plan's readers and contacts,
    the adopted ones only (a draft is work in progress)."""
    situations = Situation.objects.filter(municipality_id=actor.municipality_id)
    if not prevention_policy.can(actor, "manage_indicators"):
        situations = situations.filter(status=SituationStatus.ADOPTED)
    return situations.select_related("adopted_by", "created_by")


def _situation(request, situation_id: int) -> Situation:
    return get_object_or_404(_situations(request.actor), pk=situation_id)


def _form(request, data=None, initial=None):
    return SituationForm(
        data,
        initial=initial,
        indicators=selectors.indicator_list(actor=request.actor).filter(is_active=True),
    )


@guard(prevention_policy, "read_plan")
def situation_list_view(request):
    return render(
        request,
        "prevention/situation_list.html",
        {
            "situations": _situations(request.actor),
            "can_manage": prevention_policy.can(request.actor, "manage_indicators"),
        },
    )


@guard(prevention_policy, "manage_indicators")
def situation_create_view(request):
    form = _form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            situation = services.situation_create(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The draft was created. Add the problems."))
            return redirect("prevention:situation", situation.pk)
    return render(request, "prevention/situation_form.html", {"form": form, "situation": None})


@guard(prevention_policy, "manage_indicators")
def situation_edit_view(request, situation_id: int):
    situation = _situation(request, situation_id)
    initial = {
        "title": situation.title,
        "period_from": situation.period_from,
        "period_to": situation.period_to,
        "other_sources": situation.other_sources,
        "analysis": situation.analysis,
        "indicators": list(situation.indicators.all()),
    }
    form = _form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_update(actor=request.actor, situation=situation, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("prevention:situation", situation.pk)
    return render(request, "prevention/situation_form.html", {"form": form, "situation": situation})


def _page(request, situation, problem_form=None, adopt_form=None, status=200, attachment_form=None):
    indicators = list(situation.indicators.all())
    return render(
        request,
        "prevention/situation.html",
        {
            "situation": situation,
            "can_manage": prevention_policy.can(request.actor, "manage_indicators"),
            "is_draft": situation.status == SituationStatus.DRAFT,
            "problems": list(situation.problems.prefetch_related("districts")),
            "series": municipality_series(
                indicators=indicators, since=situation.period_from, until=situation.period_to
            ),
            "problem_form": problem_form
            or ProblemForm(districts=selectors.district_list(actor=request.actor)),
            "adopt_form": adopt_form or AdoptForm(),
            "attachments": list(situation.attachments.all()),
            "attachment_form": attachment_form or AttachmentForm(prefix="document"),
        },
        status=status,
    )


@guard(prevention_policy, "read_plan")
def situation_view(request, situation_id: int):
    return _page(request, _situation(request, situation_id))


@guard(prevention_policy, "manage_indicators")
@require_POST
def problem_add_view(request, situation_id: int):
    situation = _situation(request, situation_id)
    form = ProblemForm(request.POST, districts=selectors.district_list(actor=request.actor))
    if form.is_valid():
        try:
            services.problem_add(actor=request.actor, situation=situation, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The problem was added."))
            return redirect("prevention:situation", situation.pk)
    return _page(request, situation, problem_form=form, status=400)


@guard(prevention_policy, "manage_indicators")
@require_POST
def problem_remove_view(request, situation_id: int, problem_id: int):
    situation = _situation(request, situation_id)
    problem = get_object_or_404(situation.problems, pk=problem_id)
    try:
        services.problem_remove(actor=request.actor, situation=situation, problem=problem)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The problem was removed."))
    return redirect("prevention:situation", situation.pk)


@guard(prevention_policy, "manage_indicators")
@require_POST
def situation_adopt_view(request, situation_id: int):
    situation = _situation(request, situation_id)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.situation_adopt(actor=request.actor, situation=situation, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(
                request, _("The situational picture is adopted and can no longer change.")
            )
            return redirect("prevention:situation", situation.pk)
    return _page(request, situation, adopt_form=form, status=400)


@guard(prevention_policy, "manage_indicators")
@require_POST
def situation_version_view(request, situation_id: int):
    situation = _situation(request, situation_id)
    try:
        draft = services.situation_new_version(actor=request.actor, situation=situation)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("prevention:situation", situation.pk)
    messages.success(request, _("A new version was started from the adopted one."))
    return redirect("prevention:situation", draft.pk)


@guard(prevention_policy, "manage_indicators")
@require_POST
def attachment_add_view(request, situation_id: int):
    situation = _situation(request, situation_id)
    form = AttachmentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.actor,
                situation=situation,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect("prevention:situation", situation.pk)
    return _page(request, situation, attachment_form=form, status=400)


@guard(prevention_policy, "manage_indicators")
@require_POST
def attachment_remove_view(request, situation_id: int, attachment_id: int):
    situation = _situation(request, situation_id)
    attachment = get_object_or_404(situation.attachments, pk=attachment_id)
    try:
        services.attachment_remove(actor=request.actor, attachment=attachment)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The document was removed."))
    return redirect("prevention:situation", situation.pk)


@guard(prevention_policy, "read_plan")
def attachment_download_view(request, situation_id: int, attachment_id: int):
    """To those who may read the lägesbild (its readers: the adopted versions only)."""
    situation = _situation(request, situation_id)
    attachment = get_object_or_404(situation.attachments, pk=attachment_id)
    try:
        content = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        content,
        as_attachment=True,
        filename=safe_filename(attachment.original_name, fallback="bilaga"),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
