from django.urls import path

from trygg.fund.review import views

urlpatterns = [
    path(
        "ansokan/<int:application_id>/formell-kontroll/",
        views.formal_check_view,
        name="formal_check",
    ),
    path("ansokan/<int:application_id>/granskare/", views.assign_view, name="assign"),
    path("granskning/<int:assignment_id>/", views.review_view, name="review"),
]
