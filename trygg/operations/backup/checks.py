"""What a restored database must pass before anyone relies on it.

Every encrypted value decrypts with the restored keys (a value under a key the key file
lacks is named by its key id), every blind index matches its value (a wrong
TRYGG_BLIND_INDEX_KEY shows here), and every document opens: files are read back whole,
checked against their recorded size and checksum, and case documents are decrypted. The
audit chain and its checkpoints are checked by ``audit_verify``. Results hold counts, model
names and key ids, never a value.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import connection, models

from trygg.core import crypto
from trygg.core.fields import encrypted_fields


@dataclass
class Findings:
    values: int = 0
    documents: int = 0
    missing_keys: Counter = field(default_factory=Counter)  # key id -> values under it
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing_keys and not self.problems


def check_encrypted_values(findings: Findings) -> None:
    keys = crypto.keyring().keys
    for model, encrypted, indexes in encrypted_fields():
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        columns = [model._meta.get_field(name) for name in encrypted]
        index_fields = [model._meta.get_field(name) for name in indexes]
        selected = ", ".join(connection.ops.quote_name(f.column) for f in columns + index_fields)
        wrong_index = undecryptable = 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {selected} FROM {table}")  # noqa: S608
            for row in cursor.fetchall():
                plain = {}
                for column, value in zip(columns, row[1 : 1 + len(columns)], strict=True):
                    if not value:
                        continue
                    key_id = crypto.key_id_of(value)
                    if key_id not in keys:
                        findings.missing_keys[key_id] += 1
                        continue
                    try:
                        plain[column.name] = crypto.decrypt(value, context=column.context)
                    except crypto.DecryptionError:
                        undecryptable += 1
                        continue
                    findings.values += 1
                for index, stored in zip(index_fields, row[1 + len(columns) :], strict=True):
                    if index.source in plain and index.digest(plain[index.source]) != stored:
                        wrong_index += 1
        if undecryptable:
            findings.problems.append(
                f"{model._meta.label}: {undecryptable} values do not decrypt (altered or damaged)"
            )
        if wrong_index:
            findings.problems.append(
                f"{model._meta.label}: {wrong_index} blind indexes do not match their values "
                "(TRYGG_BLIND_INDEX_KEY is not the one they were made with)"
            )


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def check_documents(findings: Findings, *, readers: dict) -> None:
    """Every file field's file, and every row a registered reader opens (encrypted case
    documents: ``readers`` maps a model to a function returning the plaintext)."""
    from django.apps import apps

    for model in apps.get_models():
        file_fields = _file_fields(model)
        if not file_fields:
            continue
        has_sha = any(f.name == "sha256" for f in model._meta.concrete_fields)
        has_size = any(f.name == "size" for f in model._meta.concrete_fields)
        for row in model._base_manager.all().iterator(chunk_size=200):
            for file_field in file_fields:
                name = getattr(row, file_field.attname)
                if not name:
                    continue
                try:
                    with default_storage.open(str(name), "rb") as handle:
                        data = handle.read()
                except FileNotFoundError:
                    findings.problems.append(f"{model._meta.label} {row.pk}: its file is missing")
                    continue
                checked = has_sha and file_field.name == "file" and row.sha256
                if checked and hashlib.sha256(data).hexdigest() != row.sha256:
                    findings.problems.append(f"{model._meta.label} {row.pk}: checksum differs")
                    continue
                if has_size and file_field.name == "file" and row.size != len(data):
                    findings.problems.append(
                        f"{model._meta.label} {row.pk}: the file's size differs"
                    )
                    continue
                findings.documents += 1
    for model, read in readers.items():
        for row in model._base_manager.all().iterator(chunk_size=200):
            try:
                data = read(row)
            except FileNotFoundError:
                findings.problems.append(f"{model._meta.label} {row.pk}: its file is missing")
                continue
            except crypto.DecryptionError:
                with default_storage.open(row.storage_name, "rb") as handle:
                    key_id = handle.read(32).partition(b"\x00")[0].decode(errors="replace")
                if key_id not in crypto.keyring().keys:
                    findings.missing_keys[key_id] += 1
                else:
                    findings.problems.append(
                        f"{model._meta.label} {row.pk}: the document does not decrypt"
                    )
                continue
            if getattr(row, "size", len(data)) != len(data):
                findings.problems.append(
                    f"{model._meta.label} {row.pk}: the document's size differs"
                )
                continue
            findings.documents += 1
