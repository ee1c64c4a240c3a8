"""The start page: what this person can do in the role they act in now, and what waits for
them — each module's work queue (``trygg.core.workqueue``), asked only for the actor's role."""

from __future__ import annotations

from django.shortcuts import render

from trygg.accounts.selectors import work_queue as accounts_queue
from trygg.core.access import signed_in
from trygg.defectors.selectors import work_queue as defectors_queue
from trygg.fund.selectors import work_queue as fund_queue
from trygg.logreview.selectors import work_queue as logreview_queue

QUEUES = (accounts_queue, fund_queue, defectors_queue, logreview_queue)


@signed_in
def start(request):
    items = [item for queue in QUEUES for item in queue(actor=request.actor) if item.count]
    items.sort(key=lambda item: not item.urgent)  # overdue first, otherwise in module order
    return render(request, "core/start.html", {"role": request.actor.role, "work": items})
