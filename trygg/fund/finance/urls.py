from django.urls import path

from trygg.fund.finance import views

urlpatterns = [
    path("ekonomi/mottagare/", views.payees_view, name="payees"),
    path("ekonomi/mottagare/<int:organisation_id>/", views.payee_edit_view, name="payee_edit"),
    path("ekonomi/filformat/", views.layouts_view, name="export_layouts"),
    path("ekonomi/filformat/ny/", views.layout_edit_view, name="export_layout_create"),
    path("ekonomi/filformat/<int:layout_id>/", views.layout_edit_view, name="export_layout_edit"),
    path(
        "ekonomi/utbetalningsfil/<int:layout_id>.csv",
        views.layout_file_view,
        name="layout_payment_file",
    ),
    # After the saved layouts' numbers, which a slug would match too.
    path("ekonomi/utbetalningsfil/<slug:preset>.csv", views.preset_file_view, name="payment_file"),
]
