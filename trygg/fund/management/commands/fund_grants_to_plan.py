"""Write every granted application into the action plan's copy (once, after upgrading to a
version with the action plan; running it again changes nothing that is already right)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from trygg.fund.models import Application
from trygg.fund.plan import GRANTED, grant_sync


class Command(BaseCommand):
    help = "Copy the fund's grants into the prevention plan (after an upgrade)."

    def handle(self, *args, **options):
        count = 0
        ids = Application.objects.filter(decision__outcome__in=GRANTED).values_list("pk", flat=True)
        for application_id in ids.iterator():
            with transaction.atomic():
                grant_sync(application_id)
            count += 1
        self.stdout.write(f"{count} grants written to the action plan.")
