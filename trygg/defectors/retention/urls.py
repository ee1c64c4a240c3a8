from django.urls import path

from trygg.defectors.retention.views import legal_hold_view, retention_view

urlpatterns = [
    path("arende/<int:case_id>/bevarande/", legal_hold_view, name="legal_hold"),
    path("gallring/", retention_view, name="retention"),
]
