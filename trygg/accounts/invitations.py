from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _


def password_link(*, request, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )


def send_invitation(*, request, user) -> None:
    body = render_to_string(
        "accounts/email/invitation.txt",
        {"user": user, "link": password_link(request=request, user=user)},
    )
    send_mail(_("Your account in Trygg"), body, None, [user.email])
