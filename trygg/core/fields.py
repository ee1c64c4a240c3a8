"""Model fields for sensitive data: encrypted text and its blind index."""

from __future__ import annotations

from collections.abc import Callable

from django.core import checks
from django.db import models

from trygg.core import crypto


def _identity(value: str) -> str:
    return value


class EncryptedTextField(models.TextField):
    """Text encrypted at rest. It can be read and written, never filtered or ordered on."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value, context=self.context)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value, context=self.context)

    def get_lookup(self, lookup_name):
        if lookup_name in {"isnull"}:
            return super().get_lookup(lookup_name)
        return None  # ciphertext is randomised: no comparison could ever be meaningful

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.db_index or self.unique:
            errors.append(
                checks.Error(
                    "An encrypted field cannot be indexed; add a BlindIndexField.", obj=self
                )
            )
        return errors


class BlindIndexField(models.CharField):
    """HMAC of another field's normalised value, kept in step on every save.

    Find rows by exact value with ``Model.objects.filter(<name>=blind_lookup(...))``.
    """

    def __init__(
        self, *args, source: str = "", normalise: Callable[[str], str] | None = None, **kwargs
    ):
        self.source = source
        self.normalise = normalise or _identity
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (
            ("max_length", 64),
            ("blank", True),
            ("db_index", True),
            ("editable", False),
        ):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    @property
    def purpose(self) -> str:
        return f"{self.model._meta.label_lower}.{self.source}"

    def digest(self, value: str | None) -> str:
        if not value:
            return ""
        return crypto.blind_index(self.normalise(value), purpose=self.purpose)

    def pre_save(self, model_instance, add):
        value = self.digest(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def blind_lookup(model: type[models.Model], field_name: str, value: str) -> str:
    """The digest to filter on.

    ``Person.objects.filter(pnr_index=blind_lookup(Person, "pnr_index", number))``
    """
    return model._meta.get_field(field_name).digest(value)


def encrypted_fields() -> list[tuple[type[models.Model], list[str], list[str]]]:
    """Every concrete model with encrypted fields: (model, encrypted names, blind-index names)."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        encrypted = [
            f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if encrypted:
            indexes = [
                f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)
            ]
            found.append((model, encrypted, indexes))
    return found
