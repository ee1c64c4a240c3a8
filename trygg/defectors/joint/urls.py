from django.urls import path

from trygg.defectors.joint import views

urlpatterns = [path("gemensam/", views.joint_view, name="joint")]
