"""Reads of transfers: the case team's history, the receiving unit manager's list, and the
sending team's read access to its own entries after a transfer."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from trygg.accounts.models import User
from trygg.audit.services import record
from trygg.core.roles import Role
from trygg.defectors.constants import TransferStatus
from trygg.defectors.models import Case, JournalEntry, Transfer
from trygg.defectors.policies import defectors_policy
from trygg.organisations.selectors import municipalities

DECIDED_SHOWN = 20


def transfers_of_case(*, case: Case) -> list[Transfer]:
    return list(
        case.transfers.select_related(
            "from_municipality", "to_municipality", "proposed_by", "decided_by", "consent"
        )
    )


def receiving_municipalities(*, case: Case) -> QuerySet:
    return municipalities().exclude(pk=case.municipality_id)


def _incoming(actor) -> QuerySet[Transfer]:
    return defectors_policy.incoming_visible(
        actor,
        Transfer.objects.select_related(
            "from_municipality", "case", "case__person", "consent", "decided_by"
        ),
    )


def incoming_waiting(*, actor) -> list[Transfer]:
    return list(_incoming(actor).filter(status=TransferStatus.PROPOSED).order_by("proposed_at"))


def incoming_decided(*, actor) -> list[Transfer]:
    return list(
        _incoming(actor)
        .exclude(status__in=[TransferStatus.PROPOSED, TransferStatus.WITHDRAWN])
        .order_by("-decided_at")[:DECIDED_SHOWN]
    )


def incoming_get(*, actor, transfer_id: int) -> Transfer:
    """One transfer to the actor's municipality; audited on the receiving side."""
    transfer = get_object_or_404(_incoming(actor), pk=transfer_id)
    record(
        action="defectors.transfer.view",
        actor=actor,
        target=transfer,
        payload={"case": transfer.case_id},
    )
    return transfer


def officers_of_unit(*, unit) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, memberships__organisation=unit, memberships__role=Role.HANDLAGGARE
    ).order_by("full_name")


def _handed_over(actor) -> QuerySet[Transfer]:
    return defectors_policy.handed_over_visible(
        actor, Transfer.objects.select_related("to_municipality", "case__person")
    )


def handed_over_list(*, actor) -> list[Transfer]:
    return list(_handed_over(actor).order_by("-decided_at"))


def handed_over_get(*, actor, transfer_id: int) -> Transfer:
    """A case the actor's team handed over, within the read period; audited as a read in
    the sending municipality (the case is no longer theirs)."""
    transfer = get_object_or_404(_handed_over(actor), pk=transfer_id)
    record(
        action="defectors.transfer.read",
        actor=actor,
        target=transfer,
        municipality_id=transfer.from_municipality_id,
        payload={"case": transfer.case_id},
    )
    return transfer


def own_entries(*, transfer: Transfer) -> list[JournalEntry]:
    """The journal entries written while the case was the sending municipality's."""
    return list(
        JournalEntry.objects.filter(
            case_id=transfer.case_id,
            created_at__gte=transfer.owned_since,
            created_at__lt=transfer.decided_at,
        )
        .select_related("author")
        .order_by("-occurred_on", "-id")
    )
