from django.db import models

from trygg.core.fields import BlindIndexField, EncryptedTextField


def digits_only(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


class SecretNote(models.Model):
    """Stands in for the sensitive records later modules keep (people, journals)."""

    label = models.CharField(max_length=50)
    identity_number = EncryptedTextField()
    identity_number_index = BlindIndexField(source="identity_number", normalise=digits_only)
    body = EncryptedTextField()
