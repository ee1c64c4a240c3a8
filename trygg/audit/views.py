from django.shortcuts import render

from trygg.accounts.models import User
from trygg.audit.forms import EventFilterForm
from trygg.audit.policies import audit_policy
from trygg.audit.selectors import event_page
from trygg.core.access import guard


@guard(audit_policy, "review")
def event_list_view(request):
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    try:
        before_id = int(request.GET.get("before", "") or 0) or None
    except ValueError:
        before_id = None
    events, has_more = event_page(actor=request.actor, filters=filters, before_id=before_id)
    names = dict(
        User.objects.filter(pk__in={e.actor_id for e in events if e.actor_id}).values_list(
            "pk", "full_name"
        )
    )
    query = request.GET.copy()
    query.pop("before", None)
    if has_more:
        query["before"] = events[-1].id
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "events": [(event, names.get(event.actor_id, "")) for event in events],
            "next_query": query.urlencode() if has_more else "",
        },
    )
