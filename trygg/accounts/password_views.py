"""Forgotten password and first password (invitation), on Django's token views."""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from trygg.accounts import services, throttle
from trygg.accounts.models import ThrottleKind
from trygg.accounts.views import refused_response
from trygg.core.access import public


class SetPasswordForm(auth_forms.SetPasswordForm):
    def save(self, commit=True):
        services.password_change(user=self.user, new_password=self.cleaned_data["new_password1"])
        return self.user


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    post_reset_login = False
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is saved. Log in with it now."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """At most a few mails per account and per address an hour. Over the account's limit the
    page looks the same as when a mail was sent (it never says whether an account exists);
    over the address's limit it says to wait."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        refused = throttle.refusal(self.request, kind=ThrottleKind.PASSWORD_RESET, email=email)
        if refused and refused.scope == "address":
            return refused_response(self.request, refused, kind=ThrottleKind.PASSWORD_RESET)
        if refused:
            return redirect(self.get_success_url())
        throttle.count(self.request, kind=ThrottleKind.PASSWORD_RESET, email=email)
        return super().form_valid(form)


password_reset_view = public(
    PasswordResetView.as_view(
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
