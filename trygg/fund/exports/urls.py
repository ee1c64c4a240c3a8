from django.urls import path

from trygg.fund.exports import views

urlpatterns = [
    path(
        "ansokan/<int:application_id>/beslutsbrev.pdf",
        views.decision_letter_view,
        name="decision_letter",
    ),
    path(
        "ansokan/<int:application_id>/utskrift/",
        views.application_print_view,
        name="application_print",
    ),
    path("export.csv", views.applications_csv_view, name="export_csv"),
    path("export.xlsx", views.applications_xlsx_view, name="export_xlsx"),
    path("utbetalningar.csv", views.payments_csv_view, name="payments_csv"),
    path("utbetalningar.xlsx", views.payments_xlsx_view, name="payments_xlsx"),
]
