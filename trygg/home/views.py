"""The start page: what this person can do in the role they act in now, and what waits for
them — each module's work queue (``trygg.core.workqueue``), asked only for the actor's role."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from trygg.accounts.selectors import organisations_with_role
from trygg.accounts.selectors import work_queue as accounts_queue
from trygg.core.access import public, signed_in
from trygg.core.roles import Role
from trygg.defectors.selectors import work_queue as defectors_queue
from trygg.fund.selectors import work_queue as fund_queue
from trygg.logreview.selectors import work_queue as logreview_queue
from trygg.organisations.selectors import municipalities, social_services_committees
from trygg.prevention.selectors import work_queue as prevention_queue

QUEUES = (accounts_queue, fund_queue, defectors_queue, prevention_queue, logreview_queue)


@public
def privacy(request):
    """Who is responsible for which personal data (each committee is its own controller, not
    "the municipality"), why it is held, for how long, and how to ask for it."""
    case_controllers = social_services_committees()
    fund_controllers = organisations_with_role(Role.SAMORDNARE)
    rows = [
        {
            "municipality": municipality,
            "cases": case_controllers.get(municipality.pk, []),
            "fund": fund_controllers.get(municipality.pk, []),
        }
        for municipality in municipalities()
        # Only the municipalities that use Trygg: those with a controller set up in it.
        if municipality.pk in case_controllers or municipality.pk in fund_controllers
    ]
    return render(
        request,
        "core/privacy.html",
        {
            "rows": rows,
            "contact": settings.TRYGG_PRIVACY_CONTACT,
            "retention_years": settings.TRYGG_DEFECTORS_RETENTION_YEARS,
        },
    )


@signed_in
def start(request):
    items = [item for queue in QUEUES for item in queue(actor=request.actor) if item.count]
    items.sort(key=lambda item: not item.urgent)  # overdue first, otherwise in module order
    return render(request, "core/start.html", {"role": request.actor.role, "work": items})
