from django.urls import path

from trygg.defectors.duplicates import views

urlpatterns = [
    path(
        "enhet/arende/<int:case_id>/kontroll/",
        views.case_duplicate_view,
        name="case_duplicate",
    ),
]
