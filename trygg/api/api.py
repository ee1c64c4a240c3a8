"""Trygg's API, version 1: ``path("api/v1/", api.urls)``.

Every operation authenticates with a personal API token (``trygg.api.auth``) and names the
scope it needs. At the Django level the views are therefore ``public``: the access guard
would otherwise send token clients to the login page. The API's default auth refuses, so
an operation that forgets its scope is closed.
"""

from __future__ import annotations

from ninja import NinjaAPI

from trygg.api import errors
from trygg.api.auth import TokenAuth
from trygg.api.fund import router as fund_router
from trygg.core.access import public


class TryggAPI(NinjaAPI):
    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            # Token-authenticated inside: see TokenAuth. Marked here, on the one list of
            # API patterns, so a new endpoint cannot be left undeclared.
            public(pattern.callback)
        return patterns, app_name, namespace

    def validation_error_from_error_contexts(self, error_contexts):
        """Name body fields as ``["body", "<field>"]``, like the services' refusals.

        ninja puts the view's parameter name in between (``["body", "payload", ...]``),
        which is a Python detail, not part of the API.
        """
        error = super().validation_error_from_error_contexts(error_contexts)
        body_params = {
            getattr(context.model, "__read_from_single_attr__", None)
            for context in error_contexts
            if context.model.__ninja_param_source__ == "body"
        } - {None}
        for item in error.errors:
            loc = item["loc"]
            if len(loc) > 1 and loc[0] == "body" and loc[1] in body_params:
                item["loc"] = (loc[0], *loc[2:])
        return error


api = TryggAPI(
    title="Trygg API",
    version="1",
    description=(
        "Personal API tokens: send `Authorization: Bearer trygg_<prefix>_<secret>`. "
        "Each endpoint names the scope it needs (fund:read, fund:write). Errors are "
        '`{"detail": "..."}`, or for 422 a list of `{"loc": [...], "msg": "..."}`.'
    ),
    urls_namespace="api",
    # The Swagger page loads scripts from a CDN, which the CSP forbids; the schema is enough.
    docs_url=None,
    auth=TokenAuth(None),
)
errors.install(api)
api.add_router("/fund", fund_router)
