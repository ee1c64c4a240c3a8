"""Break glass, for installation set-up only: give an existing account a role with no second
person's approval.

A sensitive role (case officer, unit manager, log reviewer, coordinator) is otherwise asked for
by an administrator and approved by a second person who holds an approving role in the
organisation (ADR 0002). The very first unit manager, coordinator or log reviewer of a
municipality has nobody to approve them: this command, run by the operator on the server, is
that one door. Every use is an audit event marked ``break_glass`` that the log reviewer sees,
and the command refuses when someone could approve the role the normal way.
"""

from django.core.management.base import BaseCommand, CommandError

from trygg.accounts.constants import APPROVERS_OF_ROLE
from trygg.accounts.models import Membership, User
from trygg.accounts.services import membership_break_glass
from trygg.core.exceptions import ApplicationError
from trygg.core.roles import Role
from trygg.organisations.models import Organisation
from trygg.organisations.selectors import lineage_ids


class Command(BaseCommand):
    help = (
        "Installation set-up only: give an existing account a role without a second person's "
        "approval, when nobody can approve it yet. Audited as break glass."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--organisation", required=True, type=int, help="the organisation's id (see the admin)"
        )

    def handle(self, *args, email, role, organisation, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        target = Organisation.objects.filter(pk=organisation).first()
        if target is None:
            raise CommandError(f"No organisation with id {organisation}.")
        approvers = APPROVERS_OF_ROLE.get(role, ())
        if (
            approvers
            and Membership.objects.filter(
                role__in=approvers, organisation_id__in=lineage_ids(target)
            )
            .exclude(user=user)
            .exists()
        ):
            raise CommandError(
                "Someone can already approve this role: ask for it in Trygg (Users → Add role) "
                "and have them approve it under Roles to approve."
            )
        try:
            membership_break_glass(user=user, organisation=target, role=role)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{user.email} has the role {Role(role).label} in {target.name} (break glass, audited)."
        )
