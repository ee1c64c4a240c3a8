"""Reads of API tokens, for the operator's commands."""

from __future__ import annotations

from django.db.models import QuerySet

from trygg.api.models import ApiToken


def token_list(*, email: str = "") -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user", "membership__organisation")
    if email:
        tokens = tokens.filter(user__email__iexact=email.strip())
    return tokens.order_by("-created_at", "-id")
