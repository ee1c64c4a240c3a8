from django.urls import path

from trygg.defectors.agreement.views import (
    agreement_create_view,
    agreements_view,
    condition_follow_up_view,
)

urlpatterns = [
    path("arende/<int:case_id>/overenskommelse/", agreements_view, name="agreements"),
    path(
        "arende/<int:case_id>/overenskommelse/ny/",
        agreement_create_view,
        name="agreement_create",
    ),
    path(
        "arende/<int:case_id>/overenskommelse/villkor/<int:condition_id>/uppfoljning/",
        condition_follow_up_view,
        name="condition_follow_up",
    ),
]
