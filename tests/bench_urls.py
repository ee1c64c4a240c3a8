from django.http import HttpResponse
from django.urls import include, path

from trygg.core.access import signed_in


@signed_in
def floor(request):
    """The trivial authenticated view every page is compared with."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("config.urls")),
]
