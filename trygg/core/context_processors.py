def trygg(request):
    actor = getattr(request, "actor", None)
    return {
        "actor": actor,
        "active_membership": getattr(actor, "membership", None),
        "other_memberships": [
            m for m in getattr(actor, "memberships", []) if m != getattr(actor, "membership", None)
        ],
    }
