from django.urls import path

from trygg.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list_view, name="organisation_list"),
    path("omraden/", views.district_list_view, name="district_list"),
    path("gemensamma-enheter/", views.joint_service_list_view, name="joint_services"),
    path("omraden/<int:district_id>/", views.district_edit_view, name="district_edit"),
]
