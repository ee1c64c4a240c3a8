from django.urls import path

from trygg.defectors.extract.views import extract_json_view, extract_pdf_view, extract_view

urlpatterns = [
    path("arende/<int:case_id>/registerutdrag/", extract_view, name="extract"),
    path("arende/<int:case_id>/registerutdrag.json", extract_json_view, name="extract_json"),
    path("arende/<int:case_id>/registerutdrag.pdf", extract_pdf_view, name="extract_pdf"),
]
