import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from trygg.audit.chain import canonical_time
from trygg.audit.selectors import events_for_export


class Command(BaseCommand):
    help = (
        "Print audit events as JSON Lines. Every field that the hash covers is included, "
        "so an exported file can be verified on its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="ISO-8601 date-time; only events at or after it")
        parser.add_argument("--action", help="only actions starting with this prefix")

    def handle(self, *args, since=None, action=None, **options):
        since_at = None
        if since:
            since_at = parse_datetime(since)
            if since_at is None:
                raise CommandError(f"--since is not an ISO-8601 date-time: {since!r}")
            if since_at.tzinfo is None:
                from django.utils import timezone

                since_at = timezone.make_aware(since_at)
        for event in events_for_export(since=since_at, action_prefix=action):
            line = {
                "id": event.id,
                "at": canonical_time(event.at),
                "action": event.action,
                "actor": event.actor_id,
                "organisation": event.organisation_id,
                "municipality": event.municipality_id,
                "target_type": event.target_type,
                "target_id": event.target_id,
                "payload": event.payload,
                "prev_hash": event.prev_hash,
                "hash": event.hash,
            }
            self.stdout.write(json.dumps(line, ensure_ascii=False))
