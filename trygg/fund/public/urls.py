from django.urls import path

from trygg.fund.public import views

# Served under /trygghetsfonden/ in the namespace fund_public, without login.
urlpatterns = [
    path("", views.public_list_view, name="public_list"),
    path("<int:application_id>/", views.public_detail_view, name="public_detail"),
    path("beviljade.csv", views.public_csv_view, name="public_csv"),
    path("beviljade.json", views.public_json_view, name="public_json"),
]
