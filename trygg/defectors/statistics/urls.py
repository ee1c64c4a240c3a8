from django.urls import path

from trygg.defectors.statistics.views import statistics_view

urlpatterns = [path("statistik/", statistics_view, name="statistics")]
