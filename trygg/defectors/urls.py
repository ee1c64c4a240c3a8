from django.urls import path

from trygg.defectors import (
    agreement_views,
    consent_views,
    document_views,
    emergency_views,
    extract_views,
    journal_views,
    mapping_views,
    person_views,
    plan_views,
    retention_views,
    statistics_views,
    status_views,
    task_views,
    views,
)

app_name = "defectors"

# Each part of the case file keeps its own URL list next to its views.
urlpatterns = [
    path("", views.case_list_view, name="case_list"),
    path("ny/", views.intake_create_view, name="intake_create"),
    path("arende/<int:case_id>/", views.case_detail_view, name="case_detail"),
    path("arende/<int:case_id>/visa-identitet/", views.reveal_view, name="reveal"),
    path("arende/<int:case_id>/team/", views.team_add_view, name="team_add"),
    *mapping_views.urlpatterns,
    *consent_views.urlpatterns,
    *agreement_views.urlpatterns,
    *plan_views.urlpatterns,
    *journal_views.urlpatterns,
    *document_views.urlpatterns,
    *task_views.urlpatterns,
    *person_views.urlpatterns,
    *status_views.urlpatterns,
    *emergency_views.urlpatterns,
    *extract_views.urlpatterns,
    *retention_views.urlpatterns,
    *statistics_views.urlpatterns,
]
