from django.urls import path

from trygg.defectors.status.views import case_close_view, case_reopen_view

urlpatterns = [
    path("arende/<int:case_id>/avsluta/", case_close_view, name="case_close"),
    path("arende/<int:case_id>/ateroppna/", case_reopen_view, name="case_reopen"),
]
