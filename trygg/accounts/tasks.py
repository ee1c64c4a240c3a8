"""Background work for accounts: e-mail goes out after the change has committed."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from trygg.accounts.models import User


def password_link(user: User) -> str:
    """A one-time link for choosing a password (Django's reset token; it expires)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.TRYGG_BASE_URL.rstrip("/") + path


@task()
def send_invitation(user_id: int) -> None:
    """Only the id travels through the queue; the token is made when the mail is sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "accounts/email/invitation.txt", {"user": user, "link": password_link(user)}
        )
        subject = translation.gettext("Your account in Trygg")
    send_mail(subject, body, None, [user.email])
