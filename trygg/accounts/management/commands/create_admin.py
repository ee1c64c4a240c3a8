"""Create the first system administrator of a municipality, or the installation's hosting
administrator (``--hosting``). There is no superuser in Trygg."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trygg.accounts.models import Membership, User
from trygg.accounts.tasks import password_link
from trygg.audit.services import record
from trygg.core.roles import Role
from trygg.organisations.constants import OrganisationKind, PartnerType
from trygg.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Create a system administrator for a municipality and print a one-time link for "
        "choosing a password. Two-step verification is set up at first login."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="the person's full name")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--scb", help="the municipality's SCB code, e.g. 0126")
        where.add_argument(
            "--hosting",
            metavar="ORGANISATION",
            help="make a hosting administrator in this organisation outside every municipality "
            "(created if missing), e.g. 'Södertörns IT-drift'",
        )
        parser.add_argument(
            "--base-url", default=None, help="where Trygg is reached (default TRYGG_BASE_URL)"
        )

    def handle(self, *args, email, name, scb, hosting, base_url, **options):
        if hosting:
            municipality, _ = Organisation.objects.get_or_create(
                kind=OrganisationKind.PARTNER,
                name=hosting.strip(),
                parent=None,
                defaults={"partner_type": PartnerType.OTHER},
            )
            role = Role.DRIFTADMINISTRATOR
        else:
            municipality = Organisation.objects.filter(
                kind=OrganisationKind.KOMMUN, scb_code=scb
            ).first()
            role = Role.SYSTEMADMINISTRATOR
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
                user=user, organisation=municipality, role=role
            )
            if created:
                record(
                    action="accounts.membership.create",
                    target=membership,
                    organisation_id=municipality.pk,
                    municipality_id=municipality.municipality_id,
                    payload={"user": user.pk, "role": role, "via": "command"},
                )
        self.stdout.write(f"{Role(role).label} {email} for {municipality.name}.")
        link = password_link(user)
        if base_url:
            link = link.replace(settings.TRYGG_BASE_URL.rstrip("/"), base_url.rstrip("/"), 1)
        self.stdout.write(f"Password link (valid for a limited time): {link}")
