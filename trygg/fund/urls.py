from django.urls import path

from trygg.fund import public_views, views

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
    path("granskning/<int:assignment_id>/", views.review_view, name="review"),
]

public_urlpatterns = [
    path("", public_views.public_list_view, name="public_list"),
    path("beviljade.csv", public_views.public_csv_view, name="public_csv"),
    path("beviljade.json", public_views.public_json_view, name="public_json"),
]
