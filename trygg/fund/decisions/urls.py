from django.urls import path

from trygg.fund.decisions import report_views, views

urlpatterns = [
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
    path("utbetalningar/", views.payments_waiting_view, name="payments"),
    path("utbetalning/<int:payment_id>/avsla/", views.payment_reject_view, name="payment_reject"),
    path("delegationsbeslut/", report_views.delegation_report_view, name="delegation_report"),
    path(
        "delegationsbeslut.csv",
        report_views.delegation_report_csv_view,
        name="delegation_report_csv",
    ),
    path(
        "delegationsbeslut.pdf",
        report_views.delegation_report_pdf_view,
        name="delegation_report_pdf",
    ),
]
