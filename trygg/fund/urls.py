from django.urls import path

from trygg.fund.applications import views
from trygg.fund.attachments import views as attachment_views
from trygg.fund.calls import views as call_views
from trygg.fund.dashboard.views import dashboard_view
from trygg.fund.exports import views as export_views
from trygg.fund.public import views as public_views
from trygg.fund.reports import views as report_views

app_name = "fund"

urlpatterns = [
    path("", views.index_view, name="index"),
    path(
        "utlysning/<int:call_id>/ny-ansokan/",
        views.application_create_view,
        name="application_create",
    ),
    path("ansokan/<int:application_id>/", views.application_detail_view, name="application_detail"),
    path(
        "ansokan/<int:application_id>/redigera/",
        views.application_edit_view,
        name="application_edit",
    ),
    path(
        "ansokan/<int:application_id>/formell-kontroll/",
        views.formal_check_view,
        name="formal_check",
    ),
    path("ansokan/<int:application_id>/komplettering/", views.completion_view, name="completion"),
    path("ansokan/<int:application_id>/granskare/", views.assign_view, name="assign"),
    path("ansokan/<int:application_id>/beslut/", views.decision_view, name="decision"),
    path(
        "ansokan/<int:application_id>/utbetalning/",
        views.payment_request_view,
        name="payment_request",
    ),
    path("ansokan/<int:application_id>/aterbetalning/", views.return_view, name="return"),
    path(
        "utbetalning/<int:payment_id>/godkann/", views.payment_approve_view, name="payment_approve"
    ),
    path("utbetalning/<int:payment_id>/avsla/", views.payment_reject_view, name="payment_reject"),
    path("granskning/<int:assignment_id>/", views.review_view, name="review"),
    path("rapport/<int:report_id>/", report_views.report_view, name="report"),
    path("installningar/", call_views.setup_view, name="setup"),
    path(
        "installningar/fondar/<int:fund_year_id>/",
        call_views.fund_year_edit_view,
        name="fund_year_edit",
    ),
    path("installningar/utlysning/ny/", call_views.call_edit_view, name="call_create"),
    path("installningar/utlysning/<int:call_id>/", call_views.call_edit_view, name="call_edit"),
    path(
        "installningar/utlysning/<int:call_id>/beslut/",
        call_views.batch_decision_view,
        name="batch_decision",
    ),
    path(
        "installningar/utlysning/<int:call_id>/sena-utkast/", call_views.reopen_view, name="reopen"
    ),
    path("oversikt/", dashboard_view, name="dashboard"),
    path(
        "ansokan/<int:application_id>/beslutsbrev.pdf",
        export_views.decision_letter_view,
        name="decision_letter",
    ),
    path(
        "ansokan/<int:application_id>/utskrift/",
        export_views.application_print_view,
        name="application_print",
    ),
    path("export.csv", export_views.applications_csv_view, name="export_csv"),
    path("export.xlsx", export_views.applications_xlsx_view, name="export_xlsx"),
    path("utbetalningar.csv", export_views.payments_csv_view, name="payments_csv"),
    path("utbetalningar.xlsx", export_views.payments_xlsx_view, name="payments_xlsx"),
    path(
        "ansokan/<int:application_id>/bilagor/",
        attachment_views.attachment_upload_view,
        name="attachment_upload",
    ),
    path(
        "bilaga/<int:attachment_id>/ta-bort/",
        attachment_views.attachment_remove_view,
        name="attachment_remove",
    ),
    path(
        "bilaga/<int:attachment_id>/",
        attachment_views.attachment_download_view,
        name="attachment_download",
    ),
]

public_urlpatterns = [
    path("", public_views.public_list_view, name="public_list"),
    path("beviljade.csv", public_views.public_csv_view, name="public_csv"),
    path("beviljade.json", public_views.public_json_view, name="public_json"),
]
