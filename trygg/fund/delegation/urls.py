from django.urls import path

from trygg.fund.delegation import views

urlpatterns = [
    path("delegation/", views.delegation_list_view, name="delegation_list"),
    path("delegation/ny/", views.delegation_point_edit_view, name="delegation_point_create"),
    path(
        "delegation/<int:point_id>/", views.delegation_point_edit_view, name="delegation_point_edit"
    ),
    path("delegation/overklagande/", views.appeal_text_view, name="appeal_text"),
]
