"""Issue a personal API token. The key is printed once; only its hash is stored."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from trygg.accounts.models import Membership, User
from trygg.api.constants import DEFAULT_LIFETIME, Scope
from trygg.api.services import token_create
from trygg.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Create an API token for a user, acting in one of their memberships, and print the "
        "key once. Example: create_api_token anna@example.se --scope fund:read"
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--scope",
            action="append",
            required=True,
            dest="scopes",
            help=f"repeat for several: {', '.join(Scope.values)}",
        )
        parser.add_argument("--days", type=int, default=DEFAULT_LIFETIME.days)
        parser.add_argument(
            "--membership",
            type=int,
            default=None,
            help="the membership id the token acts in (needed when the user has several)",
        )
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args, email, scopes, days, membership, name, **options):
        unknown = sorted(set(scopes) - set(Scope.values))
        if unknown:
            raise CommandError(
                f"Unknown scope {', '.join(unknown)}. Choose from: {', '.join(Scope.values)}."
            )
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email}.")
        memberships = list(
            Membership.objects.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name", "role")
        )
        if membership is not None:
            chosen = next((m for m in memberships if m.pk == membership), None)
            if chosen is None:
                raise CommandError(f"The user has no membership with id {membership}.")
        elif len(memberships) == 1:
            chosen = memberships[0]
        elif not memberships:
            raise CommandError("The user has no membership; a token must act in one.")
        else:
            choices = "\n".join(f"  --membership {m.pk}: {m}" for m in memberships)
            raise CommandError(f"The user has several memberships; choose one:\n{choices}")
        try:
            token, key = token_create(
                user=user, membership=chosen, scopes=scopes, days=days, name=name
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Token {token.prefix} for {user.email} as {chosen}, scopes {' '.join(token.scopes)}, "
            f"valid until {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M %Z}."
        )
        self.stdout.write("Key (shown only now; store it safely):")
        self.stdout.write(key)
