from django.urls import path

from trygg.defectors.transfers import views

urlpatterns = [
    path("arende/<int:case_id>/overflyttning/", views.case_transfer_view, name="case_transfer"),
    path(
        "arende/<int:case_id>/overflyttning/<int:transfer_id>/aterkalla/",
        views.case_transfer_withdraw_view,
        name="case_transfer_withdraw",
    ),
    path("overflyttningar/", views.incoming_list_view, name="incoming_transfers"),
    path(
        "overflyttningar/<int:transfer_id>/",
        views.incoming_detail_view,
        name="incoming_transfer",
    ),
    path("overlamnade/", views.handed_over_list_view, name="handed_over"),
    path(
        "overlamnade/<int:transfer_id>/", views.handed_over_detail_view, name="handed_over_detail"
    ),
]
