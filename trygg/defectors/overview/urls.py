from django.urls import path

from trygg.defectors.overview import views

urlpatterns = [
    path("arende/<int:case_id>/", views.case_detail_view, name="case_detail"),
    path("arende/<int:case_id>/visa-identitet/", views.reveal_view, name="reveal"),
    path("arende/<int:case_id>/status/", views.status_change_view, name="case_status"),
]
