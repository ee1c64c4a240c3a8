from django.urls import path

from trygg.accounts import admin_views, hosting_views, password_views, role_grant_views, views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.login_view, name="login"),
    path("logga-in/kod/", views.verify_view, name="verify"),
    path("tvastegsverifiering/aktivera/", views.enrol_view, name="enrol"),
    path("tvastegsverifiering/reservkoder/", views.recovery_codes_view, name="recovery_codes"),
    path("sakerhet/", views.security_view, name="security"),
    path("bekrafta/", views.reauth_view, name="reauth"),
    path("losenord/", views.password_change_view, name="password_change"),
    path("glomt-losenord/", password_views.password_reset_view, name="password_reset"),
    path(
        "glomt-losenord/skickat/",
        password_views.password_reset_sent_view,
        name="password_reset_sent",
    ),
    path(
        "nytt-losenord/<uidb64>/<token>/",
        password_views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("logga-ut/", views.logout_view, name="logout"),
    path("roll/", views.switch_organisation_view, name="switch_organisation"),
    path("anvandare/", admin_views.user_list_view, name="user_list"),
    path("anvandare/ny/", admin_views.user_create_view, name="user_create"),
    path("anvandare/<int:user_id>/", admin_views.user_detail_view, name="user_detail"),
    path(
        "anvandare/<int:user_id>/roller/<int:membership_id>/ta-bort/",
        admin_views.membership_revoke_view,
        name="membership_revoke",
    ),
    path(
        "anvandare/<int:user_id>/inbjudan/",
        admin_views.invitation_resend_view,
        name="invitation_resend",
    ),
    path("anvandare/<int:user_id>/aktiv/", admin_views.user_active_view, name="user_active"),
    path("kommuner/", hosting_views.municipality_list_view, name="municipalities"),
    path(
        "kommuner/<int:municipality_id>/administrator/",
        hosting_views.municipality_admin_view,
        name="municipality_admin",
    ),
    path("behorigheter/", role_grant_views.role_grant_list_view, name="role_grants"),
    path(
        "behorigheter/<int:grant_id>/godkann/",
        role_grant_views.role_grant_approve_view,
        name="role_grant_approve",
    ),
    path(
        "behorigheter/<int:grant_id>/avsla/",
        role_grant_views.role_grant_reject_view,
        name="role_grant_reject",
    ),
    path(
        "anvandare/<int:user_id>/tvastegsverifiering/aterstall/",
        admin_views.second_factor_reset_view,
        name="second_factor_reset",
    ),
]
