from django.urls import path

from trygg.defectors.documents.views import document_download_view, documents_view

urlpatterns = [
    path("arende/<int:case_id>/handlingar/", documents_view, name="documents"),
    path(
        "arende/<int:case_id>/handlingar/<int:attachment_id>/",
        document_download_view,
        name="document_download",
    ),
]
