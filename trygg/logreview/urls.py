from django.urls import path

from trygg.logreview import views

app_name = "logreview"

urlpatterns = [
    path("", views.event_list_view, name="event_list"),
    path("volym/", views.volume_view, name="volume"),
    path("anvandare/", views.user_search_view, name="user_search"),
    path("uppfoljning/", views.signoff_view, name="signoffs"),
]
