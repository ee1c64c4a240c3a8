from django.urls import include, path
from django.views.i18n import set_language

from trygg.api.api import api
from trygg.core import views as core_views
from trygg.core.access import public
from trygg.home import views as home_views

urlpatterns = [
    path("", home_views.start, name="start"),
    path("personuppgifter/", home_views.privacy, name="privacy"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("tillganglighet/", core_views.accessibility_statement, name="accessibility"),
    path("sprak/", public(set_language), name="set_language"),
    path("konto/", include("trygg.accounts.urls")),
    path("organisationer/", include("trygg.organisations.urls")),
    path("logg/", include("trygg.logreview.urls")),
    path("trygghetsfond/", include("trygg.fund.urls")),
    path("avhopp/", include("trygg.defectors.urls")),
    path("forebyggande/", include("trygg.prevention.urls")),
    path("trygghetsfonden/", include(("trygg.fund.public.urls", "fund_public"))),
    path("trygghetsplan/", include(("trygg.prevention.public.urls", "prevention_public"))),
    path("api/v1/", api.urls),
]

# A database that went away answers 503 with its own page; every other failure 500.
handler500 = "trygg.core.views.server_error"
