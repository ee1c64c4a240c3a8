"""List API tokens (never their keys): prefix, owner, role, scopes and state."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from trygg.api.selectors import token_list


class Command(BaseCommand):
    help = "List API tokens, newest first. The prefix is what revoke_api_token takes."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="", help="only this user's tokens")

    def handle(self, *args, email, **options):
        now = timezone.now()
        for token in token_list(email=email):
            if token.revoked_at:
                state = f"revoked {token.revoked_at:%Y-%m-%d}"
            elif token.expires_at <= now:
                state = f"expired {token.expires_at:%Y-%m-%d}"
            else:
                state = f"valid until {token.expires_at:%Y-%m-%d}"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.prefix}  {token.user.email}  {token.membership or '(no membership)'}  "
                f"{' '.join(token.scopes)}  {state}  last used {used}  {token.name}".rstrip()
            )
