from django.urls import path

from trygg.fund.applications import views

urlpatterns = [
    path("", views.index_view, name="index"),
    path(
        "utlysning/<int:call_id>/ny-ansokan/",
        views.application_create_view,
        name="application_create",
    ),
    path("ansokan/<int:application_id>/", views.application_detail_view, name="application_detail"),
    path(
        "ansokan/<int:application_id>/redigera/",
        views.application_edit_view,
        name="application_edit",
    ),
    path("ansokan/<int:application_id>/komplettering/", views.completion_view, name="completion"),
]
