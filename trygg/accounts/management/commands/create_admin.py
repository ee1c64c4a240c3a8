"""Create the first system administrator of a municipality (there is no superuser in Trygg)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trygg.accounts.models import Membership, User
from trygg.accounts.tasks import password_link
from trygg.audit.services import record
from trygg.core.roles import Role
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Create a system administrator for a municipality and print a one-time link for "
        "choosing a password. Two-step verification is set up at first login."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="the person's full name")
        parser.add_argument("--scb", required=True, help="the municipality's SCB code, e.g. 0126")
        parser.add_argument(
            "--base-url", default=None, help="where Trygg is reached (default TRYGG_BASE_URL)"
        )

    def handle(self, *args, email, name, scb, base_url, **options):
        municipality = Organisation.objects.filter(
            kind=OrganisationKind.KOMMUN, scb_code=scb
        ).first()
        if municipality is None:
            raise CommandError(f"No municipality with SCB code {scb}.")
        email = email.strip().lower()
        with transaction.atomic():
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User(email=email, full_name=name)
                user.set_unusable_password()
                user.full_clean()
                user.save()
            membership, created = Membership.objects.get_or_create(
                user=user, organisation=municipality, role=Role.SYSTEMADMINISTRATOR
            )
            if created:
                record(
                    action="accounts.membership.create",
                    target=membership,
                    organisation_id=municipality.pk,
                    municipality_id=municipality.pk,
                    payload={"user": user.pk, "role": Role.SYSTEMADMINISTRATOR, "via": "command"},
                )
        self.stdout.write(f"System administrator {email} for {municipality.name}.")
        link = password_link(user)
        if base_url:
            link = link.replace(settings.TRYGG_BASE_URL.rstrip("/"), base_url.rstrip("/"), 1)
        self.stdout.write(f"Password link (valid for a limited time): {link}")
