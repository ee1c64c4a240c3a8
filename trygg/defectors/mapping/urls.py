from django.urls import path

from trygg.defectors.mapping.views import mapping_save_view, mapping_view, risk_analysis_create_view

urlpatterns = [
    path("arende/<int:case_id>/kartlaggning/", mapping_view, name="mapping"),
    path("arende/<int:case_id>/kartlaggning/spara/", mapping_save_view, name="mapping_save"),
    path(
        "arende/<int:case_id>/kartlaggning/riskanalys/",
        risk_analysis_create_view,
        name="risk_analysis_create",
    ),
]
