from django.urls import path

from trygg.fund.calls import views

urlpatterns = [
    path("installningar/", views.setup_view, name="setup"),
    path(
        "installningar/fondar/<int:fund_year_id>/",
        views.fund_year_edit_view,
        name="fund_year_edit",
    ),
    path("installningar/utlysning/ny/", views.call_edit_view, name="call_create"),
    path("installningar/utlysning/<int:call_id>/", views.call_edit_view, name="call_edit"),
    path(
        "installningar/utlysning/<int:call_id>/beslut/",
        views.batch_decision_view,
        name="batch_decision",
    ),
    path("installningar/utlysning/<int:call_id>/sena-utkast/", views.reopen_view, name="reopen"),
]
