from django.urls import path

from trygg.defectors.consents.views import (
    consent_create_view,
    consent_withdraw_view,
    consents_view,
    disclosure_create_view,
)

urlpatterns = [
    path("arende/<int:case_id>/samtycken/", consents_view, name="consents"),
    path("arende/<int:case_id>/samtycken/nytt/", consent_create_view, name="consent_create"),
    path(
        "arende/<int:case_id>/samtycken/aterkalla/",
        consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        "arende/<int:case_id>/samtycken/uppgiftslamnande/",
        disclosure_create_view,
        name="disclosure_create",
    ),
]
