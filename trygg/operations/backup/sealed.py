"""A backup file sealed to a public key, written and read as a stream.

The server holds only the backup key's public half (``TRYGG_BACKUP_PUBLIC_KEY``), so a
stolen server cannot open the backups it made; the private half is kept offline and given
to ``restore``. Format:

    TRYGG-BACKUP-1\\n
    header (one JSON line: key id, ephemeral X25519 public key, salt, chunk size)
    chunks: 4-byte big-endian length | AES-256-GCM(chunk)

The chunk key comes from X25519 (a fresh key pair per backup) and HKDF-SHA256. Each chunk's
nonce is its number and a last-chunk flag, and the header is its associated data, so chunks
cannot be reordered, dropped, cut off at the end or moved to another backup unnoticed.
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from trygg.core.crypto import b64decode, b64encode, key_fingerprint

MAGIC = b"TRYGG-BACKUP-1\n"
CHUNK = 1024 * 1024
INFO = b"trygg-backup-v1"


class BackupKeyError(Exception):
    """The key given does not open this backup; the message names the key ids."""


class BackupDamaged(Exception):
    """The backup file was cut off, altered or is not a Trygg backup."""


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public: X25519PublicKey) -> str:
    return key_fingerprint(_raw(public), prefix="b")


def new_key_pair() -> tuple[str, str]:
    """(public ``<id>:<base64>`` for TRYGG_BACKUP_PUBLIC_KEY, private text for the key file)."""
    private = X25519PrivateKey.generate()
    public = private.public_key()
    ident = key_id(public)
    return f"{ident}:{b64encode(_raw(public))}", f"{ident}:{b64encode(private.private_bytes_raw())}"


def parse_public(spec: str) -> tuple[str, X25519PublicKey]:
    ident, _, raw = spec.strip().partition(":")
    public = X25519PublicKey.from_public_bytes(b64decode(raw))
    if ident != key_id(public):
        raise BackupKeyError(f"the backup public key's id {ident} does not match the key")
    return ident, public


def parse_private(text: str) -> tuple[str, X25519PrivateKey]:
    ident, _, raw = text.strip().partition(":")
    try:
        private = X25519PrivateKey.from_private_bytes(b64decode(raw))
    except ValueError:
        raise BackupKeyError("the key file holds no backup key") from None
    actual = key_id(private.public_key())
    if ident != actual:
        raise BackupKeyError(f"the key file names key {ident} but holds key {actual}")
    return ident, private


def _derive(shared: bytes, salt: bytes) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=INFO).derive(shared)
    return AESGCM(key)


def _nonce(counter: int, last: bool) -> bytes:
    return struct.pack(">QI", counter, 1 if last else 0)


class SealedWriter:
    """A binary file-like object: what is written to it reaches ``out`` sealed."""

    def __init__(self, out, public_spec: str):
        ident, public = parse_public(public_spec)
        ephemeral = X25519PrivateKey.generate()
        salt = os.urandom(16)
        self._aead = _derive(ephemeral.exchange(public), salt)
        header = {
            "key_id": ident,
            "ephemeral": b64encode(_raw(ephemeral.public_key())),
            "salt": b64encode(salt),
            "chunk": CHUNK,
        }
        self._header = json.dumps(header, sort_keys=True).encode() + b"\n"
        self._out = out
        self._buffer = bytearray()
        self._counter = 0
        out.write(MAGIC + self._header)

    def _seal(self, data: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, last), bytes(data), self._header)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(self._buffer[:CHUNK], last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        self._seal(self._buffer, last=True)
        self._buffer = bytearray()

    def flush(self) -> None:
        pass


@dataclass
class Header:
    key_id: str
    ephemeral: X25519PublicKey
    salt: bytes
    raw: bytes


def read_header(handle) -> Header:
    if handle.read(len(MAGIC)) != MAGIC:
        raise BackupDamaged("this is not a Trygg backup file")
    raw = handle.readline()
    try:
        data = json.loads(raw)
        return Header(
            key_id=data["key_id"],
            ephemeral=X25519PublicKey.from_public_bytes(b64decode(data["ephemeral"])),
            salt=b64decode(data["salt"]),
            raw=raw,
        )
    except (ValueError, KeyError):
        raise BackupDamaged("the backup's header is damaged") from None


class SealedReader:
    """Reads the plaintext of a sealed backup; refuses the wrong key and any alteration."""

    def __init__(self, handle, private_text: str):
        ident, private = parse_private(private_text)
        self.header = read_header(handle)
        if self.header.key_id != ident:
            raise BackupKeyError(
                f"this backup was made for backup key {self.header.key_id}; "
                f"the key file holds key {ident}"
            )
        self._aead = _derive(private.exchange(self.header.ephemeral), self.header.salt)
        self._handle = handle
        self._counter = 0
        self._buffer = bytearray()
        self._done = False

    def _next(self) -> None:
        size = self._handle.read(4)
        if len(size) != 4:
            raise BackupDamaged("the backup file is cut off")
        (length,) = struct.unpack(">I", size)
        sealed = self._handle.read(length)
        if len(sealed) != length:
            raise BackupDamaged("the backup file is cut off")
        for last in (False, True):
            try:
                plain = self._aead.decrypt(_nonce(self._counter, last), sealed, self.header.raw)
            except InvalidTag:
                continue
            self._counter += 1
            self._buffer += plain
            self._done = last
            if last and self._handle.read(1):
                raise BackupDamaged("the backup file has data after its end")
            return
        raise BackupDamaged(f"part {self._counter + 1} of the backup was altered or damaged")

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._next()
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data
