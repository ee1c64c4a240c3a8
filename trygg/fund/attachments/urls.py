from django.urls import path

from trygg.fund.attachments import views

urlpatterns = [
    path(
        "ansokan/<int:application_id>/bilagor/",
        views.attachment_upload_view,
        name="attachment_upload",
    ),
    path(
        "bilaga/<int:attachment_id>/ta-bort/",
        views.attachment_remove_view,
        name="attachment_remove",
    ),
    path(
        "bilaga/<int:attachment_id>/",
        views.attachment_download_view,
        name="attachment_download",
    ),
]
