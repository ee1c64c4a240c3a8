from django.urls import path

from trygg.defectors.cases import views

urlpatterns = [
    path("", views.case_list_view, name="case_list"),
    path("ny/", views.intake_create_view, name="intake_create"),
    path("enhet/arende/<int:case_id>/team/", views.case_team_view, name="case_team"),
    path(
        "enhet/arende/<int:case_id>/team/<int:user_id>/ta-bort/",
        views.case_team_remove_view,
        name="case_team_remove",
    ),
    path(
        "enhet/arende/<int:case_id>/team/klart/",
        views.case_team_decide_view,
        name="case_team_decide",
    ),
]
