"""Demo organisations and accounts (fictitious), for trying Trygg locally.

Idempotent: running it again changes nothing. Refused when DEBUG is off unless --force.
Each module keeps its demo records in its own `demo` module; this command, at the top of the
layers, creates the organisations and accounts and then calls them in order.
"""

from __future__ import annotations

import base64
import hashlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts.actor import actor_for
from trygg.accounts.models import Membership, RoleGrant, User
from trygg.accounts.services import membership_grant
from trygg.audit.services import record
from trygg.core.roles import Role
from trygg.defectors.demo.people import seed_defectors
from trygg.fund.demo import seed_fund
from trygg.organisations.constants import OrganisationKind, PartnerType
from trygg.organisations.models import Organisation
from trygg.prevention.demo import seed_plan, seed_prevention

DEMO_PASSWORD = "Trygg-demo-2026"  # noqa: S105 - printed on purpose; demo only

# (e-mail, name, role, organisation key)
DEMO_ACCOUNTS = [
    ("admin@huddinge.example", "Alva Admin", Role.SYSTEMADMINISTRATOR, "huddinge"),
    ("samordnare@huddinge.example", "Sara Samordnare", Role.SAMORDNARE, "kommunstyrelsen"),
    ("ekonomi@huddinge.example", "Erik Ekonom", Role.SAMORDNARE, "kommunstyrelsen"),
    ("granskare@huddinge.example", "Gustav Granskare", Role.GRANSKARE, "kommunstyrelsen"),
    ("sokande@huddinge.example", "Sofia Sökande", Role.SOKANDE, "kultur"),
    ("bolag@huddinge.example", "Bo Bolag", Role.SOKANDE, "bostadsbolag"),
    ("handlaggare@huddinge.example", "Hanna Handläggare", Role.HANDLAGGARE, "avhopparenhet"),
    ("handlaggare2@huddinge.example", "Hugo Handläggare", Role.HANDLAGGARE, "avhopparenhet"),
    ("chef@huddinge.example", "Cecilia Chef", Role.ENHETSCHEF, "avhopparenhet"),
    ("logggranskare@huddinge.example", "Leo Logggranskare", Role.LOGGGRANSKARE, "huddinge"),
    ("analytiker@sodertorn.example", "Ann Analytiker", Role.ANALYTIKER, "sodertorn"),
    ("rapportor@huddinge.example", "Rasmus Rapportör", Role.EST_RAPPORTOR, "bostadsbolag"),
    (
        "trygghet@huddinge.example",
        "Tove Trygghetssamordnare",
        Role.TRYGGHETSSAMORDNARE,
        "kommunstyrelsen",
    ),
    ("kontakt@huddinge.example", "Klara Kontaktperson", Role.TRYGGHETSKONTAKT, "gymnasie"),
    ("lasare@huddinge.example", "Lars Läsare", Role.TRYGGHETSLASARE, "kommunstyrelsen"),
    ("logggranskare@sodertorn.example", "Rut Regiongranskare", Role.LOGGGRANSKARE, "sodertorn"),
    ("handlaggare@botkyrka.example", "Bilal Handläggare", Role.HANDLAGGARE, "botkyrka_avhopp"),
    ("chef@haninge.example", "Henrik Chef", Role.ENHETSCHEF, "haninge_avhopp"),
    ("handlaggare@haninge.example", "Hiba Handläggare", Role.HANDLAGGARE, "haninge_avhopp"),
    ("polis@huddinge.example", "Petra Polis", Role.PARTNERKONTAKT, "huddinge_polisen"),
    ("passus@huddinge.example", "Pelle Passus", Role.PARTNERKONTAKT, "huddinge_passus"),
    (
        "kriminalvarden@huddinge.example",
        "Kim Kriminalvård",
        Role.PARTNERKONTAKT,
        "huddinge_kriminalvarden",
    ),
    ("drift@sodertorn.example", "Dan Drift", Role.DRIFTADMINISTRATOR, "drift"),
]


def demo_totp_secret(email: str) -> bytes:
    """A fixed secret per demo account, so the same authenticator entry works after a reset."""
    return hashlib.sha256(f"trygg-demo-totp:{email}".encode()).digest()[:20]


def demo_totp_base32(email: str) -> str:
    return base64.b32encode(demo_totp_secret(email)).decode()


def _child(parent: Organisation, kind: str, name: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        parent=parent,
        name=name,
        defaults={"kind": kind, "municipality_id": parent.municipality_id},
    )
    return organisation


def seed_organisations() -> dict[str, Organisation]:
    huddinge = Organisation.objects.get(scb_code="0126")
    botkyrka = Organisation.objects.get(scb_code="0127")
    social = _child(huddinge, OrganisationKind.NAMND, "Socialnämnden")
    haninge = Organisation.objects.get(scb_code="0136")
    botkyrka_social = _child(botkyrka, OrganisationKind.NAMND, "Socialnämnden")
    haninge_social = _child(haninge, OrganisationKind.NAMND, "Socialnämnden")
    Organisation.objects.filter(pk__in=[social.pk, botkyrka_social.pk, haninge_social.pk]).update(
        social_services=True
    )
    orgs = {
        "huddinge": huddinge,
        "botkyrka": botkyrka,
        "kommunstyrelsen": _child(huddinge, OrganisationKind.NAMND, "Kommunstyrelsen"),
        "kultur": _child(huddinge, OrganisationKind.NAMND, "Kultur- och fritidsnämnden"),
        "gymnasie": _child(huddinge, OrganisationKind.NAMND, "Gymnasie- och arbetsmarknadsnämnden"),
        "social": social,
        "bostadsbolag": _child(huddinge, OrganisationKind.BOLAG, "Huddingehem AB"),
        "avhopparenhet": _child(social, OrganisationKind.ENHET, "Enheten för avhopparverksamhet"),
        "botkyrka_avhopp": _child(
            botkyrka_social, OrganisationKind.ENHET, "Enheten för avhopparverksamhet"
        ),
        "haninge": haninge,
        "haninge_avhopp": _child(haninge_social, OrganisationKind.ENHET, "Avhopparenheten"),
        # Two of Huddinge's partner agencies (every municipality has the default list).
        "huddinge_polisen": Organisation.objects.get(
            parent=huddinge, kind=OrganisationKind.PARTNER, name="Polisen"
        ),
        "huddinge_kriminalvarden": Organisation.objects.get(
            parent=huddinge, kind=OrganisationKind.PARTNER, name="Kriminalvården"
        ),
        "huddinge_passus": Organisation.objects.get(
            parent=huddinge, kind=OrganisationKind.PARTNER, name="Fryshuset Passus"
        ),
    }
    partners = [
        ("sodertorn", "Södertörns brottsförebyggande samverkan", PartnerType.OTHER),
        ("drift", "Södertörns IT-drift (värd för Trygg)", PartnerType.OTHER),
    ]
    for key, name, partner_type in partners:
        orgs[key], _ = Organisation.objects.get_or_create(
            kind=OrganisationKind.PARTNER,
            name=name,
            parent=None,
            defaults={"partner_type": partner_type},
        )
    return orgs


def seed_role_requests(orgs: dict[str, Organisation]) -> None:
    """A role waiting for a second person: the administrator has asked for a coordinator role
    for the reviewer, which the two coordinators see under "Roles to approve"."""
    admin = User.objects.get(email="admin@huddinge.example")
    reviewer = User.objects.get(email="granskare@huddinge.example")
    asked = RoleGrant.objects.filter(
        user=reviewer, organisation=orgs["kommunstyrelsen"], role=Role.SAMORDNARE
    )
    if not asked.exists():
        membership_grant(
            actor=actor_for(admin),
            user=reviewer,
            organisation=orgs["kommunstyrelsen"],
            role=Role.SAMORDNARE,
        )


def seed_accounts(orgs: dict[str, Organisation]) -> list[tuple[str, str, str, str]]:
    rows = []
    for email, name, role, org_key in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name=name)
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, organisation=orgs[org_key], role=role)
        TOTPDevice.objects.get_or_create(
            user=user,
            name="demo",
            defaults={"key": demo_totp_secret(email).hex(), "confirmed": True},
        )
        rows.append((email, Role(role).label, orgs[org_key].name, demo_totp_base32(email)))
    return rows


class Command(BaseCommand):
    help = "Create demo organisations and accounts (idempotent). Refused when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")
        parser.add_argument(
            "--without-fund",
            action="store_true",
            help="leave out the safety fund's demo data (faster; for tests of other modules)",
        )
        parser.add_argument(
            "--without-case-files",
            action="store_true",
            help="create the defector demo cases at intake only, without their case files "
            "(for tests that build the case file themselves)",
        )

    def handle(self, *args, force=False, without_fund=False, without_case_files=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates accounts with a known password; use --force.")
        # Demo applicants would be sent a status e-mail for every step of the demo data.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            existed = User.objects.filter(email=DEMO_ACCOUNTS[0][0]).exists()
            orgs = seed_organisations()
            rows = seed_accounts(orgs)
            seed_role_requests(orgs)
            if not existed:
                record(action="core.demo.seed", payload={"accounts": len(rows)})
            # Composed here, at the top: each module seeds its own demo data, in this order.
            # The lägesbild first: the fund's calls and applications name its problems, and
            # the action plan's measures are paid by the fund's grants.
            seed_prevention(orgs)
            if not without_fund:
                seed_fund(orgs)
            seed_defectors(orgs, case_files=not without_case_files)
            seed_plan(orgs)
        self.print_table(rows)

    def print_table(self, rows) -> None:
        header = ("E-mail", "Role", "Organisation", "Password", "TOTP secret")
        table = [header, *[(e, str(r), o, DEMO_PASSWORD, s) for e, r, o, s in rows]]
        widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
        self.stdout.write(
            "Demo accounts (fictitious; add the TOTP secret to any authenticator app):"
        )
        for row in table:
            self.stdout.write(
                "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            )
