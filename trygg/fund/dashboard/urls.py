from django.urls import path

from trygg.fund.dashboard import views

urlpatterns = [
    path("oversikt/", views.dashboard_view, name="dashboard"),
]
