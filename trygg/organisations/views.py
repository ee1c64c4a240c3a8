from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.organisations import services
from trygg.organisations.forms import DistrictForm, OrganisationCreateForm
from trygg.organisations.policies import organisations_policy
from trygg.organisations.selectors import district_get, district_list, organisation_tree


@guard(organisations_policy, "manage")
def organisation_list_view(request):
    organisations = organisation_tree(actor=request.actor)
    form = OrganisationCreateForm(request.POST or None, parents=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_create(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The organisation was added."))
            return redirect("organisations:organisation_list")
    return render(
        request,
        "organisations/organisation_list.html",
        {"organisations": organisations, "form": form},
    )


@guard(organisations_policy, "manage")
def district_list_view(request):
    form = DistrictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.district_create(actor=request.actor, name=form.cleaned_data["name"])
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The district was added."))
            return redirect("organisations:district_list")
    return render(
        request,
        "organisations/district_list.html",
        {"districts": district_list(actor=request.actor), "form": form},
    )


@guard(organisations_policy, "manage")
def district_edit_view(request, district_id: int):
    district = district_get(actor=request.actor, district_id=district_id)
    form = DistrictForm(
        request.POST or None, initial={"name": district.name, "is_active": district.is_active}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.district_update(actor=request.actor, district=district, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The district was saved."))
            return redirect("organisations:district_list")
    return render(request, "organisations/district_edit.html", {"district": district, "form": form})


@guard(organisations_policy, "manage")
def joint_service_list_view(request):
    from django.utils import timezone

    from trygg.organisations.forms import JointServiceEndForm, JointServiceForm
    from trygg.organisations.models import JointService, Organisation
    from trygg.organisations.selectors import joint_services_of, municipalities

    municipality_id = request.actor.municipality_id
    units = Organisation.objects.filter(
        municipality_id=municipality_id, kind="enhet", is_active=True
    ).order_by("name")
    form = JointServiceForm(
        request.POST if "unit" in request.POST else None,
        units=units,
        municipalities=municipalities().exclude(pk=municipality_id),
    )
    if form.is_bound and form.is_valid():
        try:
            services.joint_service_create(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(request, _("The agreement was recorded."))
            return redirect("organisations:joint_services")
    end_id = request.POST.get("service")
    end_form = JointServiceEndForm(request.POST if end_id else None)
    if end_id and end_form.is_valid():
        service = JointService.objects.filter(
            pk=int(end_id) if end_id.isdigit() else 0, unit__municipality_id=municipality_id
        ).first()
        if service is not None:
            try:
                services.joint_service_end(
                    actor=request.actor, service=service, **end_form.cleaned_data
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The agreement was ended."))
                return redirect("organisations:joint_services")
    return render(
        request,
        "organisations/joint_services.html",
        {
            "services": joint_services_of(municipality_id=municipality_id),
            "form": form,
            "today": timezone.localdate(),
            "municipality_id": municipality_id,
        },
    )
