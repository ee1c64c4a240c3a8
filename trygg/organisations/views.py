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
