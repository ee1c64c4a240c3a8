from django.urls import path

from trygg.defectors.emergency.views import emergency_view

urlpatterns = [
    path("nodatkomst/", emergency_view, name="emergency"),
]
