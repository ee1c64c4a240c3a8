"""Re-encrypt every encrypted value with the current key and recompute blind indexes.

Rotation: put a new key first in TRYGG_FIELD_KEYS (keep the old ones after it), run this
command, then remove the old keys. For a new blind-index key, set TRYGG_BLIND_INDEX_KEY
and run the command: every index is recomputed from the decrypted values.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from trygg.audit.services import record
from trygg.core import crypto
from trygg.core.fields import encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the current key and refresh blind indexes."

    def handle(self, *args, **options):
        total = 0
        for model, encrypted, indexes in encrypted_fields():
            count = 0
            ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                with transaction.atomic():
                    rows = model._base_manager.select_for_update().filter(
                        pk__in=ids[start : start + BATCH]
                    )
                    for row in rows:
                        # Loaded with whichever key; saved with the current one.
                        row.save(update_fields=[*encrypted, *indexes])
                        count += 1
            total += count
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted.")
        with transaction.atomic():
            record(
                action="core.keys.rotate",
                payload={"rows": total, "key": crypto.keyring().current_id},
            )
        self.stdout.write(
            self.style.SUCCESS(f"Done: {total} rows now use key {crypto.keyring().current_id}.")
        )
