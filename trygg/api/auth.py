"""Bearer-token authentication with one scope per endpoint.

The API never looks at the session: a browser that is logged in to Trygg still needs a
token, so a page cannot be tricked into calling the API with the user's cookie (no CSRF
surface). A valid token replaces ``request.actor`` with the token's own actor.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from trygg.accounts.actor import Actor
from trygg.api.models import ApiToken
from trygg.api.services import TokenRefused, token_authenticate


def actor_of(token: ApiToken) -> Actor:
    """The token acts in its own membership only, never in the user's other roles."""
    return Actor(token.user, [token.membership], token.membership_id)


class TokenAuth(HttpBearer):
    """``TokenAuth(scope)`` admits a valid token that carries ``scope``.

    ``TokenAuth(None)`` is the API's default: it authenticates and then refuses, so an
    endpoint that forgets to name its scope is closed, not open.
    """

    def __init__(self, scope: str | None) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        header = request.headers.get(self.header, "")
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not key.strip():
            raise AuthenticationError(
                message=_("Send an API token in the header 'Authorization: Bearer <token>'.")
            )
        return self.authenticate(request, key)

    def authenticate(self, request, token: str) -> ApiToken:
        try:
            api_token = token_authenticate(key=token)
        except TokenRefused as refused:
            raise AuthenticationError(message=refused.message) from None
        request.actor = actor_of(api_token)
        if self.scope is None or self.scope not in api_token.scopes:
            raise AuthorizationError(
                message=_("The API token does not have the scope %(scope)s.")
                % {"scope": self.scope or "-"}
            )
        return api_token
