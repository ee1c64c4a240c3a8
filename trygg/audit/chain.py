"""The canonical form of an audit event and its hash."""

import hashlib
import json
from datetime import UTC, datetime


def canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content(
    *, at, action, actor_id, organisation_id, municipality_id, target_type, target_id, payload
) -> str:
    return json.dumps(
        {
            "at": canonical_time(at),
            "action": action,
            "actor": actor_id,
            "organisation": organisation_id,
            "municipality": municipality_id,
            "target_type": target_type,
            "target_id": target_id,
            "payload": payload,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def event_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def hash_of(event) -> str:
    return event_hash(
        event.prev_hash,
        content(
            at=event.at,
            action=event.action,
            actor_id=event.actor_id,
            organisation_id=event.organisation_id,
            municipality_id=event.municipality_id,
            target_type=event.target_type,
            target_id=event.target_id,
            payload=event.payload,
        ),
    )
