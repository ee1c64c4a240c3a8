from django.urls import path

from trygg.prevention.public import views

# Served under /trygghetsplan/ in the namespace prevention_public, without login.
urlpatterns = [
    path("", views.public_list_view, name="list"),
    path("<int:plan_id>/", views.public_plan_view, name="plan"),
    path("<int:plan_id>/atgarder.csv", views.public_csv_view, name="csv"),
    path("<int:plan_id>/atgarder.json", views.public_json_view, name="json"),
]
