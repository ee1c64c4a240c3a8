"""The load test's people and work, added to the demo data (run inside Django by run.py).

Every simulated user needs an account of their own: a second factor's code is accepted once
per device and time step, so fifty users cannot share the demo's handful of accounts. Each
new account copies the memberships of a demo account of its role (and, for case officers,
its case teams; for coordinators, the delegation points they decide under; for reviewers,
their review assignments). Coordinators get applications in review to decide. The accounts
and their authenticator keys are written to a JSON file for the load generator; the database
is a throw-away copy.
"""

from __future__ import annotations

import json
import secrets

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts.models import Membership, User
from trygg.defectors.models import CaseTeamMember
from trygg.fund.models import Application, DelegationPoint, ReviewAssignment

PASSWORD = "Trygg-last-2026"
ROLES = {
    # role in the load test: (demo account whose access it copies, how many)
    "coordinator": ("samordnare@huddinge.example", 10),
    "applicant": ("sokande@huddinge.example", 16),
    "case_officer": ("handlaggare@huddinge.example", 18),
    "reviewer": ("granskare@huddinge.example", 8),
    "unit_manager": ("chef@huddinge.example", 8),
}


def _account(role: str, number: int, model: User) -> dict:
    user = User.objects.create_user(
        email=f"last-{role}-{number:02d}@huddinge.example",
        password=PASSWORD,
        full_name=f"Last {role} {number:02d}",
    )
    for membership in Membership.objects.filter(user=model):
        Membership.objects.create(
            user=user, organisation_id=membership.organisation_id, role=membership.role
        )
    key = secrets.token_hex(20)
    TOTPDevice.objects.create(user=user, name="last", key=key, confirmed=True)
    if role == "case_officer":
        CaseTeamMember.objects.bulk_create(
            CaseTeamMember(case_id=member.case_id, user=user)
            for member in CaseTeamMember.objects.filter(user=model)
        )
    if role == "coordinator":
        for point in DelegationPoint.objects.filter(decision_makers=model):
            point.decision_makers.add(user)
    if role == "reviewer":
        ReviewAssignment.objects.bulk_create(
            ReviewAssignment(
                application_id=assignment.application_id,
                reviewer=user,
                assigned_by_id=assignment.assigned_by_id,
                has_conflict=False,
                declared_at=assignment.declared_at,
            )
            for assignment in ReviewAssignment.objects.filter(reviewer=model, has_conflict=False)
        )
    return {"email": user.email, "password": PASSWORD, "key": key, "role": role}


def _applications_to_decide(count: int) -> list[int]:
    """Copies of the demo's application in review, for the coordinators' decisions."""
    model = Application.objects.filter(status="in_review").order_by("pk").first()
    created = []
    for number in range(count):
        copy = Application.objects.get(pk=model.pk)
        copy.pk = None
        copy.reference = f"TF-2026-L{number:04d}"
        copy.registry_number = ""
        copy.save()
        created.append(copy.pk)
    return created


@transaction.atomic
def build(path: str, decisions: int = 1200) -> None:
    accounts = []
    for role, (email, count) in ROLES.items():
        model = User.objects.get(email=email)
        accounts += [_account(role, number, model) for number in range(1, count + 1)]
    scene = {"accounts": accounts, "to_decide": _applications_to_decide(decisions)}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(scene, handle)
