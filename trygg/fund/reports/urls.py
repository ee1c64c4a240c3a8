from django.urls import path

from trygg.fund.reports import views

urlpatterns = [
    path("rapporter/", views.reports_view, name="reports"),
    path("rapport/<int:report_id>/", views.report_view, name="report"),
]
