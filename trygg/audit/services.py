"""Writing audit events. Every service calls ``record`` inside its own transaction."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from trygg.audit import chain
from trygg.audit.models import GENESIS_HASH, AuditEvent, AuditEventTarget

# Any constant will do; it only has to be the same for every writer of the chain.
CHAIN_LOCK_KEY = 0x7472796767

ACTION_PATTERN = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")
# Payloads carry ids and codes. These shapes are what personal data tends to look like.
FORBIDDEN_VALUE = re.compile(r"@|\d{6,8}[-+]?\d{4}|\s")
MAX_VALUE_LENGTH = 100


class AuditPayloadError(ValueError):
    pass


def _check_payload(value: Any, path: str = "payload") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditPayloadError(f"{path}: keys must be strings")
            _check_payload(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_payload(item, f"{path}[{index}]")
    elif isinstance(value, str):
        if len(value) > MAX_VALUE_LENGTH or FORBIDDEN_VALUE.search(value):
            raise AuditPayloadError(f"{path}: free text does not belong in an audit payload")
    elif not (value is None or isinstance(value, bool | int)):
        raise AuditPayloadError(f"{path}: only ids, codes, numbers and booleans are allowed")


def _actor_ids(actor: Any) -> tuple[int | None, int | None, int | None]:
    """(user id, organisation id, municipality id) of an Actor, a User or None."""
    if actor is None:
        return None, None, None
    membership = getattr(actor, "membership", None)
    user = getattr(actor, "user", actor)
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    if membership is None:
        return user_id, None, None
    return user_id, membership.organisation_id, membership.organisation.municipality_id


def lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite: the settings open every transaction IMMEDIATE, which already serialises writers.


def _lock_chain_and_read_head() -> str | None:
    """Take the chain's lock and read the last event's hash (None: no event yet). On
    PostgreSQL in one round trip (migration ``audit`` 0010: the head is read in a snapshot
    taken after the lock is held)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT trygg_audit_chain_head(%s)", [CHAIN_LOCK_KEY])
            return cursor.fetchone()[0]
    lock_chain()
    return AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()


def record(
    *,
    action: str,
    actor: Any = None,
    target: Any = None,
    target_type: str = "",
    target_id: Any = "",
    organisation_id: int | None = None,
    municipality_id: int | None = None,
    payload: dict | None = None,
    also: tuple[str, list] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    ``also`` = (target type, ids): further rows the event concerns, e.g. the cases a list
    showed, indexed so the log review finds the event from any of them."""
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"audit action must be <app>.<entity>.<verb>, got {action!r}")
    payload = payload or {}
    _check_payload(payload)
    actor_id, actor_org, actor_municipality = _actor_ids(actor)
    if target is not None:
        target_type = target._meta.label_lower
        target_id = target.pk
    if organisation_id is None:
        organisation_id = actor_org
    if municipality_id is None:
        municipality_id = actor_municipality
    # No savepoint of its own: inside a service's transaction the event shares its fate.
    with transaction.atomic(savepoint=False):
        prev_hash = _lock_chain_and_read_head() or GENESIS_HASH
        at = timezone.now()
        fields = {
            "at": at,
            "action": action,
            "actor_id": actor_id,
            "organisation_id": organisation_id,
            "municipality_id": municipality_id,
            "target_type": target_type or "",
            "target_id": "" if target_id in (None, "") else str(target_id),
            "payload": payload,
        }
        event = AuditEvent.objects.create(
            prev_hash=prev_hash,
            hash=chain.event_hash(prev_hash, chain.content(**fields)),
            **fields,
        )
        if also and also[1]:
            also_type, ids = also
            AuditEventTarget.objects.bulk_create(
                AuditEventTarget(event=event, target_type=also_type, target_id=str(pk))
                for pk in dict.fromkeys(ids)
            )
        return event


def record_refusal(*, actor, policy, action: str, obj: Any = None, view: str = "") -> None:
    record(
        action="core.permission.deny",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        target=obj if hasattr(obj, "_meta") else None,
        payload={"policy": policy.name, "action": action, "view": view},
    )
