from django.urls import path

from trygg.fund.years import views

urlpatterns = [
    path("installningar/fondar/<int:fund_year_id>/ekonomi/", views.ledger_view, name="ledger"),
]
