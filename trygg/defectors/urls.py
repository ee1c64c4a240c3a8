from django.urls import path

from trygg.defectors import views

app_name = "defectors"

urlpatterns = [
    path("", views.case_list_view, name="case_list"),
    path("ny/", views.intake_create_view, name="intake_create"),
    path("arende/<int:case_id>/", views.case_detail_view, name="case_detail"),
    path("arende/<int:case_id>/visa-identitet/", views.reveal_view, name="reveal"),
    path("arende/<int:case_id>/team/", views.team_add_view, name="team_add"),
]
