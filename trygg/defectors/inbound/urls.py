from django.urls import path

from trygg.defectors.inbound import views

urlpatterns = [
    path("partner/ny/", views.inbound_submit_view, name="inbound_submit"),
    path("inkommande/", views.inbound_list_view, name="inbound_list"),
    path("inkommande/<int:inbound_id>/", views.inbound_detail_view, name="inbound_detail"),
]
