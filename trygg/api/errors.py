"""One error shape for the API: ``{"detail": "..."}``, or a list of field errors for 422.

Business rules refused by a service (ApplicationError) use the same list shape as
ninja's validation errors, so a client handles every 422 the same way.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from trygg.core.exceptions import ApplicationError


def field_errors(error: ApplicationError) -> list[dict]:
    errors = getattr(error, "errors", None)  # SubmissionInvalid carries one message per field
    if errors:
        return [{"loc": ["body", field], "msg": str(message)} for field, message in errors.items()]
    return [{"loc": ["body", error.field or "__all__"], "msg": error.message}]


def install(api: NinjaAPI) -> None:
    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        response = api.create_response(request, {"detail": exc.message}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="trygg"'
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        message = str(exc) or _("You do not have permission for this.")
        return api.create_response(request, {"detail": message}, status=403)

    @api.exception_handler(ApplicationError)
    def refused(request, exc: ApplicationError):
        return api.create_response(request, {"detail": field_errors(exc)}, status=422)
