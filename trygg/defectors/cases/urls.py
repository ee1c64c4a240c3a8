from django.urls import path

from trygg.defectors.cases import views

urlpatterns = [
    path("", views.case_list_view, name="case_list"),
    path("ny/", views.intake_create_view, name="intake_create"),
]
