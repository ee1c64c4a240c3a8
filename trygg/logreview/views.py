from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.models import User
from trygg.core.access import guard
from trygg.core.exceptions import ApplicationError
from trygg.core.forms import apply_application_error
from trygg.defectors.selectors import emergency_reasons
from trygg.logreview.descriptions import describe, describe_target
from trygg.logreview.forms import (
    EventFilterForm,
    SignoffForm,
    UserSearchForm,
    VolumeFilterForm,
)
from trygg.logreview.policies import audit_policy
from trygg.logreview.review import (
    CASE_TARGET,
    is_emergency,
    is_out_of_hours,
    unusual_volume,
    users_matching,
)
from trygg.logreview.selectors import event_page, signoff_list
from trygg.logreview.services import review_signoff

SIGNOFFS_PER_PAGE = 25


def _suggested_period(latest) -> dict:
    """The days after the latest sign-off up to the end of last month (monthly review), or
    last month when nothing has been signed off yet."""
    today = timezone.localdate()
    end_of_last_month = today.replace(day=1) - timedelta(days=1)
    start = latest.period_end + timedelta(days=1) if latest else end_of_last_month.replace(day=1)
    end = max(start, end_of_last_month)
    if end > today:
        return {}
    return {"period_start": start, "period_end": end}


EMERGENCY_GRANT = "defectors.emergency.grant"


def _emergency_reasons(actor, events) -> dict[int, dict]:
    """The reasons given for the emergency accesses on the page (and the holders' notes)."""
    ids = [e.payload.get("access") for e in events if e.action == EMERGENCY_GRANT]
    ids = [i for i in ids if isinstance(i, int)]
    if not ids or actor.municipality_id is None:
        return {}
    return emergency_reasons(municipality_id=actor.municipality_id, access_ids=ids)


@guard(audit_policy, "review")
def event_list_view(request):
    form = EventFilterForm(request.GET or None, actor=request.actor)
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        # A filter that could not be read shows its message and no events, rather than
        # every event as if nothing had been asked for.
        events, has_more = [], False
    else:
        try:
            before_id = int(request.GET.get("before", "") or 0) or None
        except ValueError:
            before_id = None
        events, has_more = event_page(actor=request.actor, filters=filters, before_id=before_id)
    reasons = _emergency_reasons(request.actor, events)
    rows = [
        {
            "event": event,
            "name": getattr(event, "actor_name", None) or "",
            "description": describe(event.action),
            "target": describe_target(event.target_type),
            "case_reference": getattr(event, "case_reference", None),
            "emergency": is_emergency(event),
            "emergency_reason": reasons.get(event.payload.get("access"))
            if event.action == EMERGENCY_GRANT
            else None,
            "out_of_hours": is_out_of_hours(event.at),
        }
        for event in events
    ]
    chosen = filters.get("actor")
    query = request.GET.copy()
    query.pop("before", None)
    if has_more:
        query["before"] = events[-1].id
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "search_form": UserSearchForm(),
            "chosen_user": User.objects.filter(pk=chosen).first() if chosen else None,
            "rows": rows,
            "case_target": CASE_TARGET,
            "next_query": query.urlencode() if has_more else "",
        },
    )


@guard(audit_policy, "review")
@require_POST
def user_search_view(request):
    """Find a user by name or e-mail (posted, so the text never stands in a URL) and show
    their events: straight away for one match, as a choice for several."""
    form = UserSearchForm(request.POST)
    valid = form.is_valid()  # refuses what no database takes (NUL) before any query
    matches = users_matching(actor=request.actor, text=form.cleaned_data["text"]) if valid else []
    if valid and len(matches) == 1:
        return redirect(f"{reverse('logreview:event_list')}?actor={matches[0].pk}")
    if valid and not matches:
        form.add_error("text", _("No user of your log has that name or e-mail address."))
    return render(request, "audit/user_search.html", {"form": form, "matches": matches})


@guard(audit_policy, "review")
def volume_view(request):
    form = VolumeFilterForm(request.GET)
    rows, period = [], None
    if form.is_valid():
        period = (form.cleaned_data["date_from"], form.cleaned_data["date_to"])
        found = unusual_volume(actor=request.actor, date_from=period[0], date_to=period[1])
        rows = [(row, row.name) for row in found]
    return render(
        request,
        "audit/volume.html",
        {
            "form": form,
            "rows": rows,
            "period": period,
            "limit": settings.TRYGG_LOG_REVIEW_DAILY_VIEWS,
        },
    )


@guard(audit_policy, "review")
@require_http_methods(["GET", "POST"])
def signoff_view(request):
    if request.method == "POST":
        audit_policy.require(request.actor, "sign_off", view="logreview:signoffs")
        form = SignoffForm(request.POST)
        if form.is_valid():
            try:
                review_signoff(actor=request.actor, **form.cleaned_data)
            except ApplicationError as error:
                apply_application_error(form, error)
            else:
                messages.success(request, _("The review period has been signed off."))
                return redirect("logreview:signoffs")
    else:
        form = SignoffForm(initial=_suggested_period(signoff_list(actor=request.actor).first()))
    page = Paginator(signoff_list(actor=request.actor), SIGNOFFS_PER_PAGE).get_page(
        request.GET.get("sida")
    )
    return render(request, "audit/signoffs.html", {"form": form, "page": page})
