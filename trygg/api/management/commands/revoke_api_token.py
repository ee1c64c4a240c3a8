"""Revoke an API token by its prefix (the part after "trygg_")."""

from django.core.management.base import BaseCommand, CommandError

from trygg.api.models import ApiToken
from trygg.api.services import token_revoke
from trygg.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Revoke an API token. Give its prefix, e.g. 3f9a1c2e from trygg_3f9a1c2e_..."

    def add_arguments(self, parser):
        parser.add_argument("prefix")

    def handle(self, *args, prefix, **options):
        token = ApiToken.objects.filter(prefix=prefix.strip()).first()
        if token is None:
            raise CommandError(f"No token with the prefix {prefix}.")
        try:
            token_revoke(token=token)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Token {token.prefix} revoked.")
