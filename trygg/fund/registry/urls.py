from django.urls import path

from trygg.fund.registry import views

urlpatterns = [
    path(
        "ansokan/<int:application_id>/diarium/",
        views.registry_numbers_view,
        name="registry_numbers",
    ),
    path("diarium.csv", views.registry_export_view, name="registry_export"),
]
