"""Anchors of the audit chain: signed checkpoints of its head.

The hash chain shows any edit of an event to whoever checks it, but someone who can write to
the database could rebuild the whole chain with fresh hashes. A checkpoint is the chain's
head (event id, hash, number of events) signed with an Ed25519 key that is kept outside the
database (``TRYGG_AUDIT_SIGNING_KEY``, ``<id>:<base64 seed>``). The signature cannot be made
without that key, and ``audit_verify`` checks every checkpoint against the chain: a rebuilt
chain no longer has the hash a checkpoint signed. Checkpoints are made daily
(``audit_checkpoint``) and by every backup, and exported with it, so that deleting them from
the database does not hide a rebuild either (``audit_verify --checkpoints FILE``).

Only the public half is needed to check: ``TRYGG_AUDIT_VERIFY_KEYS`` (``<id>:<base64>``, comma
separated) lists the public keys of earlier signing keys after a rotation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from trygg.audit.chain import canonical_time
from trygg.audit.models import AuditCheckpoint, AuditEvent
from trygg.audit.services import lock_chain
from trygg.core.crypto import b64decode as _b64decode
from trygg.core.crypto import b64encode as _b64encode
from trygg.core.crypto import signing_key_id

DOMAIN = "trygg-audit-checkpoint-v1"


def public_key_text(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return f"{signing_key_id(public)}:{_b64encode(raw)}"


def signing_key() -> tuple[str, Ed25519PrivateKey] | None:
    spec = getattr(settings, "TRYGG_AUDIT_SIGNING_KEY", "")
    if not spec:
        return None
    key_id, sep, seed = spec.partition(":")
    try:
        private = Ed25519PrivateKey.from_private_bytes(_b64decode(seed))
    except ValueError:
        raise ImproperlyConfigured(
            "TRYGG_AUDIT_SIGNING_KEY must be '<id>:<base64 seed>'."
        ) from None
    if not sep or key_id != signing_key_id(private.public_key()):
        raise ImproperlyConfigured(
            "TRYGG_AUDIT_SIGNING_KEY's id does not match its key; make one with audit_checkpoint "
            "--new-key."
        )
    return key_id, private


def verify_keys() -> dict[str, Ed25519PublicKey]:
    keys: dict[str, Ed25519PublicKey] = {}
    for part in filter(None, (p.strip() for p in settings.TRYGG_AUDIT_VERIFY_KEYS.split(","))):
        key_id, _, raw = part.partition(":")
        keys[key_id] = Ed25519PublicKey.from_public_bytes(_b64decode(raw))
    current = signing_key()
    if current:
        keys[current[0]] = current[1].public_key()
    return keys


def message(*, event_id: int, event_hash: str, events: int, made_at) -> bytes:
    return json.dumps(
        {
            "domain": DOMAIN,
            "event_id": event_id,
            "event_hash": event_hash,
            "events": events,
            "made_at": canonical_time(made_at),
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def checkpoint_make() -> AuditCheckpoint | None:
    """Sign the chain's current head; None when the chain is empty. Under the chain's lock,
    so no event is appended between reading the head and counting."""
    key = signing_key()
    if key is None:
        raise ImproperlyConfigured("TRYGG_AUDIT_SIGNING_KEY is not set: no checkpoint can be made.")
    key_id, private = key
    with transaction.atomic():
        lock_chain()
        head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
        if head is None:
            return None
        events = AuditEvent.objects.count()
        made_at = timezone.now()
        signed = private.sign(
            message(event_id=head[0], event_hash=head[1], events=events, made_at=made_at)
        )
        return AuditCheckpoint.objects.create(
            event_id=head[0],
            event_hash=head[1],
            events=events,
            made_at=made_at,
            key_id=key_id,
            signature=_b64encode(signed),
        )


def as_line(checkpoint) -> str:
    """One checkpoint as a JSON line, for export with a backup or to a write-once log."""
    return json.dumps(
        {
            "event_id": checkpoint.event_id,
            "event_hash": checkpoint.event_hash,
            "events": checkpoint.events,
            "made_at": canonical_time(checkpoint.made_at),
            "key_id": checkpoint.key_id,
            "signature": checkpoint.signature,
        },
        sort_keys=True,
    )


@dataclass(frozen=True)
class Exported:
    """A checkpoint read back from an exported line."""

    event_id: int
    event_hash: str
    events: int
    made_at: object
    key_id: str
    signature: str

    @classmethod
    def from_line(cls, line: str) -> Exported:
        from datetime import datetime

        data = json.loads(line)
        made_at = datetime.fromisoformat(data["made_at"].replace("Z", "+00:00"))
        return cls(
            event_id=int(data["event_id"]),
            event_hash=data["event_hash"],
            events=int(data["events"]),
            made_at=made_at,
            key_id=data["key_id"],
            signature=data["signature"],
        )


def checkpoint_problem(checkpoint, *, keys: dict[str, Ed25519PublicKey]) -> str | None:
    """Why this checkpoint does not hold for the chain in the database, or None if it does."""
    public = keys.get(checkpoint.key_id)
    if public is None:
        return (
            f"checkpoint of event {checkpoint.event_id} is signed with key {checkpoint.key_id}, "
            "which is not configured (TRYGG_AUDIT_SIGNING_KEY or TRYGG_AUDIT_VERIFY_KEYS)"
        )
    try:
        public.verify(
            _b64decode(checkpoint.signature),
            message(
                event_id=checkpoint.event_id,
                event_hash=checkpoint.event_hash,
                events=checkpoint.events,
                made_at=checkpoint.made_at,
            ),
        )
    except (InvalidSignature, ValueError):
        return (
            f"checkpoint of event {checkpoint.event_id}: the signature does not match "
            "(forged or altered)"
        )
    stored = (
        AuditEvent.objects.filter(id=checkpoint.event_id).values_list("hash", flat=True).first()
    )
    if stored is None:
        return f"event {checkpoint.event_id}, signed in a checkpoint, is missing from the chain"
    if stored != checkpoint.event_hash:
        return (
            f"event {checkpoint.event_id} does not have the hash its checkpoint signed: "
            "the chain was rebuilt"
        )
    # The hash covers every event before it through the chain (checked first), so removing,
    # adding or changing any earlier event and rehashing changes this hash too.
    return None
