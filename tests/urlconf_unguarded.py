"""A URLconf with one view that forgot to declare its access rule."""

from django.http import HttpResponse
from django.urls import include, path


def forgotten_view(request):
    return HttpResponse("secret")


urlpatterns = [
    path("glomd/", forgotten_view),
    path("", include("config.urls")),
]
