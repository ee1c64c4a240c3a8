"""Authenticated encryption for sensitive fields, and keyed blind indexes.

Ciphertext format: ``v1:<key id>:<base64url(nonce || AES-256-GCM ciphertext+tag)>``.
The field's identity (``app.model.field``) is bound as associated data, so a value copied
into another column does not decrypt. Keys come from ``TRYGG_FIELD_KEYS``
(``id:base64key,...``, the first one encrypts) and the blind-index key from
``TRYGG_BLIND_INDEX_KEY``; neither is ever stored in the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    pass


def _decode_key(text: str) -> bytes:
    raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    if len(raw) != 32:
        raise ImproperlyConfigured("Every Trygg key must be 32 bytes, base64-encoded.")
    return raw


@dataclass(frozen=True)
class Keyring:
    current_id: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, spec: str) -> Keyring:
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for part in filter(None, (p.strip() for p in spec.split(","))):
            key_id, sep, material = part.partition(":")
            if not sep or not key_id.isalnum():
                raise ImproperlyConfigured("TRYGG_FIELD_KEYS must look like 'k2:base64,k1:base64'.")
            keys[key_id] = _decode_key(material)
            order.append(key_id)
        if not order:
            raise ImproperlyConfigured("TRYGG_FIELD_KEYS holds no key.")
        return cls(current_id=order[0], keys=keys)


@lru_cache(maxsize=4)
def _keyring_for(spec: str) -> Keyring:
    return Keyring.parse(spec)


def keyring() -> Keyring:
    return _keyring_for(settings.TRYGG_FIELD_KEYS)


def encrypt(plaintext: str, *, context: str) -> str:
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.current_id]).encrypt(nonce, plaintext.encode(), context.encode())
    token = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{PREFIX}:{ring.current_id}:{token}"


def key_id_of(ciphertext: str) -> str:
    return ciphertext.split(":", 2)[1]


def decrypt(ciphertext: str, *, context: str) -> str:
    try:
        prefix, key_id, token = ciphertext.split(":", 2)
        if prefix != PREFIX:
            raise ValueError(prefix)
        blob = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        key = keyring().keys[key_id]
        return (
            AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode()).decode()
        )
    except KeyError as error:
        raise DecryptionError("the key this value was encrypted with is not configured") from error
    except Exception as error:
        raise DecryptionError("the value cannot be decrypted") from error


@lru_cache(maxsize=4)
def _blind_key(spec: str) -> bytes:
    return _decode_key(spec)


def blind_index(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of a normalised value; the purpose keeps indexes of different fields apart."""
    key = _blind_key(settings.TRYGG_BLIND_INDEX_KEY)
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def encrypt_bytes(data: bytes, *, context: str) -> bytes:
    """``key id | 0x00 | nonce | AES-256-GCM(data)``, with ``context`` as associated data."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.current_id]).encrypt(nonce, data, context.encode())
    return ring.current_id.encode() + b"\x00" + nonce + sealed


def decrypt_bytes(blob: bytes, *, context: str) -> bytes:
    try:
        key_id, _, rest = blob.partition(b"\x00")
        key = keyring().keys[key_id.decode()]
        return AESGCM(key).decrypt(rest[:NONCE_BYTES], rest[NONCE_BYTES:], context.encode())
    except KeyError as error:
        raise DecryptionError("the key this file was encrypted with is not configured") from error
    except Exception as error:
        raise DecryptionError("the file cannot be decrypted") from error


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def b64decode(text: str) -> bytes:
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# Key ids are written with letters only: an id lands in audit payloads and messages, and a
# long run of digits there would look like a personal identity number.
_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def key_fingerprint(raw: bytes, *, prefix: str) -> str:
    """A short, letters-only id of a public key (``prefix`` tells which kind of key)."""
    return prefix + hashlib.sha256(raw).hexdigest()[:11].translate(_LETTERS)


def signing_key_id(public) -> str:
    """A short id of an Ed25519 public key: names the key in what it signed."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key_fingerprint(public.public_bytes(Encoding.Raw, PublicFormat.Raw), prefix="a")


def new_signing_key() -> str:
    """A fresh ``<id>:<base64 seed>`` Ed25519 key (TRYGG_AUDIT_SIGNING_KEY)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    return f"{signing_key_id(private.public_key())}:{b64encode(private.private_bytes_raw())}"
