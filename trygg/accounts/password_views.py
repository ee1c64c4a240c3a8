"""Forgotten password and first password (invitation), on Django's token views."""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from trygg.accounts import services
from trygg.core.access import public


class SetPasswordForm(auth_forms.SetPasswordForm):
    def save(self, commit=True):
        services.password_change(user=self.user, new_password=self.cleaned_data["new_password1"])
        return self.user


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    post_reset_login = False

    def form_valid(self, form):
        super().form_valid(form)
        messages.success(self.request, _("Your password is set. Log in with it now."))
        return redirect("accounts:login")


password_reset_view = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_sent"),
    )
)
password_reset_sent_view = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm_view = public(PasswordResetConfirmView.as_view())
