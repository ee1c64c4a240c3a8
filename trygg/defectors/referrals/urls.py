from django.urls import path

from trygg.defectors.referrals import views

urlpatterns = [
    path("arende/<int:case_id>/hanvisningar/", views.referrals_view, name="referrals"),
    path(
        "arende/<int:case_id>/hanvisningar/<int:referral_id>/paket.pdf",
        views.referral_package_view,
        name="referral_package",
    ),
    path("partner/", views.partner_inbox_view, name="partner_referrals"),
    path("partner/<int:referral_id>/", views.partner_referral_view, name="partner_referral"),
    path(
        "partner/<int:referral_id>/paket.pdf",
        views.partner_package_view,
        name="partner_referral_package",
    ),
]
