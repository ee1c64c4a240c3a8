from django.urls import path

from trygg.fund.agreements import views

urlpatterns = [
    path("ansokan/<int:application_id>/avtal.pdf", views.agreement_pdf_view, name="agreement_pdf"),
    path(
        "ansokan/<int:application_id>/avtal/underteckna/",
        views.agreement_sign_view,
        name="agreement_sign",
    ),
]
