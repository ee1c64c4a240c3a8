from django.urls import path

from trygg.defectors.emergency.views import (
    emergency_follow_up_view,
    emergency_note_view,
    emergency_view,
)

urlpatterns = [
    path("nodatkomst/", emergency_view, name="emergency"),
    path("enhet/nodatkomst/", emergency_follow_up_view, name="emergency_follow_up"),
    path(
        "arende/<int:case_id>/nodatkomst/anteckning/",
        emergency_note_view,
        name="emergency_note",
    ),
]
