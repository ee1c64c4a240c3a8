from django.urls import path

from trygg.fund.regional import views

urlpatterns = [path("region/", views.regional_view, name="regional")]
