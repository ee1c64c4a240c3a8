from django.core.management.base import BaseCommand, CommandError

from trygg.audit.selectors import chain_verify


class Command(BaseCommand):
    help = "Check the audit hash chain; exit non-zero and name the first broken event."

    def handle(self, *args, **options):
        checked, broken = chain_verify()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at event {broken.event_id}: {broken.reason} "
                f"({checked} events before it are intact)."
            )
        self.stdout.write(f"Audit chain intact: {checked} events verified.")
