from django.http import HttpResponse
from django.urls import include, path

from trygg.core.access import public, signed_in


@public
def bare_floor(request):
    """The bare floor: no session, no query, through the same full middleware."""
    return HttpResponse("ok")


@signed_in
def floor(request):
    """The trivial authenticated view every page is compared with."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/bare/", bare_floor, name="bench_bare_floor"),
    path("", include("config.urls")),
]
