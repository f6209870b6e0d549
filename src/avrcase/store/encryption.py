"""Encryption at rest: the SQLCipher database key, key slots beside the store, the recovery key.

The database key is 32 random bytes. SQLCipher gets it as a raw hex key (``PRAGMA key = "x'…'"``),
never as a passphrase. Each user's password (and the office's recovery key) unlocks a *slot*: a copy
of the database key wrapped with AES-256-GCM under a key derived with argon2id (m = 19 MiB, t = 2,
p = 1, OWASP's floor). The slots live in ``<store>.keys.json`` next to the database, so a password
changes by re-wrapping one slot, never by re-encrypting the data. Nothing here logs a key.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path


from avrcase.domain.errors import StoreError
from avrcase.i18n import _

FORMAT = "avrcase-key-slots"
VERSION = 1
#: The largest key file read (a slot is about 300 bytes: thousands of accounts fit).
MAX_KEY_FILE_BYTES = 1 << 20
KEY_BYTES = 32
NONCE_BYTES = 12  # AES-GCM's nonce
TAG_BYTES = 16    # AES-GCM's tag, after the wrapped key
#: argon2id parameters for wrapping keys: the same OWASP floor as passwords.
ARGON2_MEMORY_KIB, ARGON2_TIME, ARGON2_LANES = 19 * 1024, 2, 1
RECOVERY_SLOT = "recovery"
RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters, shown in 8 groups of 4
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class StoreKey:
    """The raw 32-byte SQLCipher key of one store. Its ``repr`` never shows the key."""

    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError("a store key is 32 bytes")

    @classmethod
    def generate(cls) -> StoreKey:
        """A fresh random key from ``secrets``."""
        return cls(secrets.token_bytes(KEY_BYTES))

    def pragma_value(self) -> str:
        """The value for ``PRAGMA key`` / ``ATTACH … KEY``: a raw hex key literal, ``x'<64 hex>'``."""
        text = self.raw.hex()
        assert _HEX.match(text)
        return f"x'{text}'"


def keys_path(db_path: Path) -> Path:
    """Where the key slots of the store at ``db_path`` live: ``<store>.keys.json`` beside it."""
    return db_path.with_name(db_path.name + ".keys.json")


def user_slot(username: str) -> str:
    """The slot name of one user's password."""
    return f"user:{username.strip().casefold()}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _wrapping_key(secret: str, salt: bytes, memory: int, time: int, lanes: int) -> bytes:
    # Imported here: the desktop app's start reads this module (``StoreKey``) on a store that is not encrypted (#14).
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=time, memory_cost=memory,
                           parallelism=lanes, hash_len=32, type=Type.ID)


def wrap(key: StoreKey, slot: str, secret: str) -> dict:
    """A slot record: ``key`` wrapped under ``secret`` (the slot name is bound as associated data)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # only where a key is wrapped or unwrapped (#14)

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(NONCE_BYTES)
    kek = _wrapping_key(secret, salt, ARGON2_MEMORY_KIB, ARGON2_TIME, ARGON2_LANES)
    wrapped = AESGCM(kek).encrypt(nonce, key.raw, slot.encode("utf-8"))
    return {"kdf": "argon2id", "m": ARGON2_MEMORY_KIB, "t": ARGON2_TIME, "p": ARGON2_LANES,
            "salt": _b64(salt), "cipher": "aes-256-gcm", "nonce": _b64(nonce), "wrapped": _b64(wrapped)}


#: The argon2id parameters a slot may carry (KiB, passes, lanes): anything else is a damaged or tampered
#: key file, refused with one line rather than a crash or a derivation that never ends.
SLOT_LIMITS = {"m": (8 * 1024, 1024 * 1024), "t": (1, 16), "p": (1, 16)}


def _slot_parameters(record: dict, slot: str) -> tuple[int, int, int]:
    values = []
    for name, (low, high) in SLOT_LIMITS.items():
        value = record.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise StoreError(_("The key slot “%(slot)s” is damaged: its key-derivation parameters are out of range "
                               "(restore the key file from a backup).") % {"slot": slot})
        values.append(value)
    return values[0], values[1], values[2]


def _damaged(slot: str) -> StoreError:
    return StoreError(_("The key slot “%(slot)s” is damaged (restore the key file from a backup).") % {"slot": slot})


def unwrap(record: dict, slot: str, secret: str) -> StoreKey | None:
    """The key in ``record`` if ``secret`` opens it, else ``None`` (a wrong secret: the only failure that counts
    toward the lockout).

    ``StoreError`` when the slot is damaged (a field missing, not base64, of the wrong length, parameters out of
    range): that is no wrong password, and no password could open it.
    """
    if not isinstance(record, dict):
        raise _damaged(slot)
    memory, time, lanes = _slot_parameters(record, slot)
    try:
        salt, nonce, wrapped = (_unb64(record[name]) for name in ("salt", "nonce", "wrapped"))
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise _damaged(slot) from exc
    if len(nonce) != NONCE_BYTES or len(wrapped) != KEY_BYTES + TAG_BYTES:
        raise _damaged(slot)
    # Imported here: every command imports this module for ``StoreKey``, and cryptography took 20-30 ms of the start
    # of each one on a store that is not encrypted (#14).
    from cryptography.exceptions import InvalidTag
    from argon2.exceptions import HashingError
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        kek = _wrapping_key(secret, salt, memory, time, lanes)
        raw = AESGCM(kek).decrypt(nonce, wrapped, slot.encode("utf-8"))
    except HashingError as exc:  # e.g. a salt cut short
        raise _damaged(slot) from exc
    except InvalidTag:
        return None
    return StoreKey(raw)


@dataclass
class KeySlots:
    """The slots file of one store: slot name → wrapped key record."""

    path: Path
    slots: dict[str, dict]

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        """Read the slots file; ``StoreError`` when it is missing or not ours.

        A key file is a few kilobytes: one beside a backup that is not a plain file (a link to ``/dev/zero`` read
        9 GB in 20 seconds; a pipe waited for ever) or far larger than that is not read at all."""
        try:
            if path.exists() and not path.is_file():
                raise OSError(path)
            with path.open("rb") as stream:
                raw = stream.read(MAX_KEY_FILE_BYTES + 1)
            if len(raw) > MAX_KEY_FILE_BYTES:
                raise ValueError(path)
            data = json.loads(raw.decode("utf-8"))
        except FileNotFoundError as exc:
            raise StoreError(_("The key file %(path)s is missing; the encrypted store cannot be opened without it "
                               "(restore it from the backup).") % {"path": path}) from exc
        except (OSError, ValueError) as exc:
            raise StoreError(_("The key file %(path)s cannot be read.") % {"path": path}) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("slots"), dict):
            raise StoreError(_("%(path)s is not an avrcase key file.") % {"path": path})
        return cls(path, dict(data["slots"]))

    def save(self) -> None:
        """Write the file atomically (a temporary file, then rename), readable by its owner only."""
        text = json.dumps({"format": FORMAT, "version": VERSION, "cipher": "sqlcipher4",
                           "slots": self.slots}, indent=2, sort_keys=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def set(self, slot: str, key: StoreKey, secret: str) -> None:
        """Add or replace ``slot`` so that ``secret`` unlocks ``key``."""
        self.slots[slot] = wrap(key, slot, secret)

    def open(self, slot: str, secret: str) -> StoreKey | None:
        """The key if ``slot`` exists and ``secret`` opens it."""
        record = self.slots.get(slot)
        return unwrap(record, slot, secret) if record is not None else None


def new_recovery_key() -> str:
    """A fresh recovery key: 32 base32 characters in groups of four (``ABCD-EFGH-…``)."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def normalise_recovery_key(text: str) -> str:
    """A recovery key as typed (any case, spaces or dashes; 0/1/8 read as O/I/B) in its canonical form."""
    letters = re.sub(r"[\s\-]", "", text.upper()).translate(str.maketrans("018", "OIB"))
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))
