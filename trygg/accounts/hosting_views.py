"""The hosting administrator's pages: the installation's municipalities, a new municipality,
and a municipality's first local administrator. Nothing inside a municipality."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.accounts import services
from trygg.accounts.forms import MunicipalityAdminForm, MunicipalityForm
from trygg.accounts.selectors import hosted_municipalities, hosted_municipality_get
from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.organisations.policies import organisations_policy
from trygg.organisations.services import municipality_create


@guard(organisations_policy, "host")
def municipality_list_view(request):
    form = MunicipalityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            municipality = municipality_create(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added. Invite its first administrator.")
                % {"name": municipality.name},
            )
            return redirect("accounts:municipality_admin", municipality_id=municipality.pk)
    return render(
        request,
        "accounts/hosting/municipality_list.html",
        {"municipalities": hosted_municipalities(actor=request.actor), "form": form},
    )


@guard(organisations_policy, "host")
def municipality_admin_view(request, municipality_id: int):
    municipality = hosted_municipality_get(actor=request.actor, municipality_id=municipality_id)
    form = MunicipalityAdminForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not municipality.administrators:
        try:
            services.municipality_admin_invite(
                actor=request.actor, municipality=municipality, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_application_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now system administrator of %(municipality)s.")
                % {"name": form.cleaned_data["full_name"], "municipality": municipality.name},
            )
            return redirect("accounts:municipalities")
    return render(
        request,
        "accounts/hosting/municipality_admin.html",
        {"municipality": municipality, "form": form},
    )
