from django.urls import path

from trygg.defectors.journal.views import (
    journal_correct_view,
    journal_delete_view,
    journal_entry_view,
    journal_sign_view,
    journal_view,
)

urlpatterns = [
    path("arende/<int:case_id>/journal/", journal_view, name="journal"),
    path(
        "arende/<int:case_id>/journal/<int:entry_id>/",
        journal_entry_view,
        name="journal_entry",
    ),
    path(
        "arende/<int:case_id>/journal/<int:entry_id>/signera/",
        journal_sign_view,
        name="journal_sign",
    ),
    path(
        "arende/<int:case_id>/journal/<int:entry_id>/rattelse/",
        journal_correct_view,
        name="journal_correct",
    ),
    path(
        "arende/<int:case_id>/journal/<int:entry_id>/ta-bort/",
        journal_delete_view,
        name="journal_delete",
    ),
]
