"""Seals: the audit trail proved with a secret the store does not hold (issue #21).

A plain store's chain is hashed under a public constant, so whoever can write to the store could edit an
entry and recompute every hash after it. Each computer therefore keeps an **audit key** of its own (32
random bytes in ``audit-keys.json`` in the user data folder, readable by this account only, created the
first time it writes to a store), and the last entry of every transaction it commits carries a **seal**:
HMAC-SHA-256 of that entry's number and hash under the key, with the key's id. The seal is not part of the
chain, so a writer without a key (another computer, a restored copy) never breaks it, and nobody is ever
refused an action for lacking the key.

``audit verify`` checks every seal made with a key this computer holds: an entry edited or a chain
recomputed before a sealed entry no longer matches its seal, and a forger without the key cannot make a new
one. The computer also notes, per store, the last entry it sealed (in the same file, outside the store), so
seals stripped off a recomputed chain, or entries cut off before that entry, are caught too; so is a trail
emptied or swapped for another at the same location (only a restore, or ``audit key accept-restore``, takes
a new trail there as the store's). Seals made
with other computers' keys are reported as not checkable here; an office shares one key (``avrcase audit
key export`` / ``import``) so that any of its computers can check them all.

Nothing here ever stops a write: a key file that cannot be read or written means no seal, and verification
says so.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from avrcase.domain.errors import ValidationError
from avrcase.i18n import _
from avrcase.services.outgoing import check_target
from avrcase.store.engine import when_a_store_is_made
from avrcase.store.models import AuditEntry

log = logging.getLogger(__name__)

ENV_KEY_FILE = "AVRCASE_AUDIT_KEY_FILE"
FILE_NAME = "audit-keys.json"
KEY_BYTES = 32
_PENDING = "avrcase.audit_seal_pending"
#: ``session.info`` key of a restore: the store's last sealed entry starts again from the restored chain (the value
#: is ``True``, or the location of the store being restored when the session works on a copy of it).
RESTORING = "avrcase.audit_restoring"


def key_file() -> Path:
    """Where this computer's audit keys are kept: ``$AVRCASE_AUDIT_KEY_FILE``, else the user data folder."""
    override = os.environ.get(ENV_KEY_FILE)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("avrcase", appauthor=False) / FILE_NAME


def ids_file(path: Path) -> Path:
    """Beside the key file: the ids (never the keys) of every audit key this computer has held, so a key file
    that went missing, and the new one made in its place, are told apart from a computer's first key."""
    return path.with_name(f"{path.stem}.ids{path.suffix}")


def known_ids(path: Path) -> set[str]:
    """The ids ``ids_file(path)`` lists (none when it is missing or unreadable: it only ever adds a warning)."""
    try:
        data = json.loads(ids_file(path).read_bytes())
        return {str(i) for i in data["ids"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _remember_ids(path: Path, ids: set[str]) -> None:
    known = known_ids(path)
    if ids <= known and ids_file(path).exists():
        return
    target = ids_file(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as stream:
        stream.write(json.dumps({"ids": sorted(known | ids)}))
    os.replace(tmp, target)


def key_id(key: bytes) -> str:
    """A key's public name (16 hex digits): shown, stored with each seal; it does not reveal the key."""
    return hashlib.sha256(b"avrcase audit key id\0" + key).hexdigest()[:16]


def record_key(first_hash: str, store: str) -> str:
    """Which store a noted entry belongs to: its first entry's hash (the chain) at its location (the file or
    the server database), so a copy elsewhere (a restore drill, a backup opened to look at it) has none."""
    return hashlib.sha256(f"{first_hash}\0{store}".encode()).hexdigest()[:32]


def seal_of(key: bytes, seq: int, entry_hash: str) -> str:
    """The seal of entry ``seq`` with hash ``entry_hash`` under ``key``."""
    return hmac.new(key, f"avrcase audit seal\0{seq}\0{entry_hash}".encode("ascii"), hashlib.sha256).hexdigest()


@dataclass
class KeyRing:
    """This computer's audit keys (the first seals, all check) and the last entry it sealed in each store."""

    path: Path
    keys: list[bytes] = field(default_factory=list)
    #: ``record_key`` of a store -> {"seq", "hash", "store"} of the last entry sealed here in that store.
    sealed: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> KeyRing:
        """The key ring at ``path`` (empty when there is no file); ``ValidationError`` for a damaged file."""
        path = path or key_file()
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            raise ValidationError({"key": _("The audit key file %(path)s cannot be read: %(reason)s")
                                   % {"path": path, "reason": exc.strerror}}) from exc
        try:
            data = json.loads(raw)
            keys = [bytes.fromhex(k) for k in data["keys"]]
            sealed = {str(k): {"seq": int(v["seq"]), "hash": str(v["hash"]), "store": str(v.get("store", ""))}
                      for k, v in data.get("sealed", {}).items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValidationError({"key": _("The audit key file %(path)s is damaged.") % {"path": path}}) from exc
        if any(len(k) != KEY_BYTES for k in keys):
            raise ValidationError({"key": _("The audit key file %(path)s is damaged.") % {"path": path}})
        return cls(path, keys, sealed)

    @property
    def sealing_key(self) -> bytes | None:
        return self.keys[0] if self.keys else None

    def by_id(self) -> dict[str, bytes]:
        return {key_id(k): k for k in self.keys}

    def add(self, key: bytes, *, seal_with: bool) -> None:
        """Hold ``key`` too; ``seal_with``: seal with it from now on (the old sealing key still checks)."""
        self.keys = [k for k in self.keys if k != key]
        self.keys.insert(0 if seal_with else len(self.keys), key)

    def save(self) -> None:
        """Write the file readable by this account only, replacing it whole (never half-written)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"keys": [k.hex() for k in self.keys], "sealed": self.sealed}
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        # One line, by the C encoder: the file is rewritten after every commit that seals, and an indented dump
        # is written by Python's slow encoder (2.5 ms a commit with 200 stores noted, #14).
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(json.dumps(data, sort_keys=True, separators=(",", ":")))
        os.replace(tmp, self.path)
        _remember_ids(self.path, {key_id(k) for k in self.keys})

    def lost(self) -> tuple[str, ...]:
        """Ids of keys this computer held and its key file no longer holds (the file went missing or was replaced)."""
        return tuple(sorted(known_ids(self.path) - set(self.by_id())))


def ring_for_writing() -> KeyRing | None:
    """This computer's key ring with a sealing key (made the first time); ``None`` if the file is unusable."""
    try:
        ring = KeyRing.load()
        if ring.sealing_key is None:
            ring.add(secrets.token_bytes(KEY_BYTES), seal_with=True)
            ring.save()
        return ring
    except (ValidationError, OSError) as exc:
        log.warning("audit entries are written without a seal: the audit key file is not usable (%s)", type(exc).__name__)
        return None


def store_location(session: Session) -> str:
    """The store a session works on: a SQLite file's absolute path, or a server database's URL without its password."""
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    if engine.url.get_backend_name() == "sqlite" and engine.url.database:
        return file_location(Path(engine.url.database))
    return str(engine.url.render_as_string(hide_password=True))


def file_location(path: Path) -> str:
    """A SQLite store's location as ``store_location`` gives it."""
    return f"sqlite:///{path.resolve()}"


def _forget_trails_at(path: Path) -> None:
    """avrcase made a new store at ``path`` (``demo``, a first administrator, the first start): the trails this
    computer sealed in a store that was there before are that store's, not the new one's."""
    location = file_location(path)
    try:
        ring = KeyRing.load()
        kept = {k: v for k, v in ring.sealed.items() if v["store"] != location}
        if len(kept) != len(ring.sealed):
            ring.sealed = kept
            ring.save()
    except (ValidationError, OSError) as exc:
        log.warning("the audit notes of a replaced store could not be cleared (%s)", type(exc).__name__)


when_a_store_is_made(_forget_trails_at)


def seal_last(session: Session, entry, first_hash: str, read: Mapping[int, str] | None = None) -> None:
    """Seal ``entry`` (the last of this transaction) and note it on this computer once the commit is through;
    ``read``: hashes by seq this transaction read before adding its entries (the chain's last one, its first)."""
    ring = ring_for_writing()
    key = ring.sealing_key if ring is not None else None
    if ring is None or key is None:
        return
    entry.seal, entry.seal_key = seal_of(key, entry.seq, entry.hash), key_id(key)
    restoring = session.info.get(RESTORING)  # True, or where the store being restored will be
    location = restoring if isinstance(restoring, str) else store_location(session)
    noted = ring.sealed.get(record_key(first_hash, location))
    if noted is not None and not restoring and not _still_there(session, noted, read or {}):
        # The entry noted last is gone or changed (cut off the end with other tools, and this transaction's
        # entries take its number): moving the note on would hide that from verify, so it stays where it was.
        return
    session.info[_PENDING] = (first_hash, entry.seq, entry.hash, location, bool(restoring))
    if not event.contains(session, "after_commit", _note_sealed):
        event.listen(session, "after_commit", _note_sealed)
        event.listen(session, "after_rollback", _forget_pending)


def _still_there(session: Session, noted: dict, read: Mapping[int, str]) -> bool:
    """Whether the store still holds the entry this computer noted, with the hash it had (this transaction's own
    entries, not flushed yet, left out): asked only if this transaction has not read it (usually the last, #14)."""
    if noted["seq"] in read:
        return read[noted["seq"]] == noted["hash"]
    with session.no_autoflush:
        found = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == noted["seq"]))
    return found == noted["hash"]


def _note_sealed(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is None:
        return
    first, seq, entry_hash, store, restoring = pending
    try:
        ring = KeyRing.load()
        here = record_key(first, store)
        noted = ring.sealed.get(here)
        # Only forward: a later entry than the one noted. A shorter chain is what verify must catch (a
        # restore on this computer starts the store's record again).
        if restoring or noted is None or seq > noted["seq"]:
            ring.sealed[here] = {"seq": seq, "hash": entry_hash, "store": store}
            if restoring:
                # The trail at this location is the restored one now: the notes of trails it replaced go. Outside
                # a restore they stay, so that verify reports a trail emptied or replaced under this computer.
                ring.sealed = {k: v for k, v in ring.sealed.items() if k == here or v["store"] != store}
            ring.save()
    except (ValidationError, OSError) as exc:
        log.warning("the last sealed audit entry could not be noted (%s)", type(exc).__name__)


def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


@dataclass(frozen=True)
class SealCheck:
    """What the seals of one chain proved on this computer."""

    key_id: str | None = None             # this computer's sealing key
    checked: int = 0                      # seals verified with a key held here
    last_sealed: int | None = None        # the highest entry whose seal verified
    other_keys: tuple[str, ...] = ()      # ids of keys whose seals cannot be checked here
    noted: int | None = None              # the last entry this computer sealed in this store (still there)
    problem: str = ""                     # the key file could not be read
    broken_at: int | None = None
    broken: str = ""
    lost_keys: tuple[str, ...] = ()       # keys this computer held that its key file no longer holds


class SealChecker:
    """Checks the seals of one chain, fed entry by entry in chain order (after their hashes were checked),
    against the keys held here and the last entry this computer noted for that store."""

    def __init__(self, store: str):
        self.store = store
        self.problem = ""
        try:
            self.ring = KeyRing.load()
        except ValidationError as exc:
            self.ring, self.problem = KeyRing(key_file()), next(iter(exc.errors.values()))
        self.keys = self.ring.by_id()
        self.own = key_id(self.ring.sealing_key) if self.ring.sealing_key else None
        self.lost = self.ring.lost() if not self.problem else ()
        self.checked, self.others = 0, set[str]()
        self.last: int | None = None
        self.noted: dict | None = None
        self.first: str | None = None
        self.seen_at_noted: str | None = None

    def feed(self, seq: int, entry_hash: str, seal: str | None, seal_key: str | None) -> SealCheck | None:
        """Take the next entry; a broken ``SealCheck`` when its seal does not match, else ``None``."""
        if self.first is None:
            self.first = entry_hash
            self.noted = self.ring.sealed.get(record_key(entry_hash, self.store))
        if self.noted is not None and seq == self.noted["seq"]:
            self.seen_at_noted = entry_hash
        if seal is None:
            return None
        key = self.keys.get(seal_key or "")
        if key is None:
            self.others.add(seal_key or "?")
            return None
        if not hmac.compare_digest(seal, seal_of(key, seq, entry_hash)):
            return SealCheck(self.own, self.checked, self.last, broken_at=seq, broken=_(
                "entry %(seq)s does not match its seal: it, or an entry before it, was changed after it was sealed "
                "and the hashes were recomputed") % {"seq": seq})
        self.checked, self.last = self.checked + 1, seq
        return None

    def result(self) -> SealCheck:
        """What the seals proved, or where the chain lost what this computer sealed."""
        others = tuple(sorted(self.others - set(self.lost)))
        if self.noted is not None and self.seen_at_noted != self.noted["hash"]:
            seq = self.noted["seq"]
            broken = (_("entry %(seq)s, the last this computer sealed, is missing: entries were cut off the end (after a "
                        "restore with other tools, run “avrcase audit key accept-restore”)")
                      if self.seen_at_noted is None else
                      _("entry %(seq)s, the last this computer sealed, no longer has the hash it had: the chain was "
                        "recomputed, or entries were cut off the end and new ones written in their place")) % {"seq": seq}
            return SealCheck(self.own, self.checked, self.last, others, broken_at=seq, broken=broken)
        # Another trail this computer sealed at this very location (a file path, a server database) and did not
        # see restored: that trail was emptied or swapped for another one. The entries a sign-in wrote since (the
        # verifying command's own) start a new chain with a note of its own, so that note proves nothing here.
        here = record_key(self.first or "", self.store)
        gone = [v["seq"] for k, v in self.ring.sealed.items() if v["store"] == self.store and k != here]
        if gone:
            seq = max(gone)
            return SealCheck(self.own, self.checked, self.last, others, broken_at=seq, broken=_(
                "it is not the one this computer sealed up to entry %(seq)s; that trail was emptied or replaced. If the store was made anew, or restored with other tools, on purpose, an "
                "administrator runs “avrcase audit key accept-restore”") % {"seq": seq})
        return SealCheck(self.own, self.checked, self.last, others, self.noted["seq"] if self.noted else None,
                         self.problem, lost_keys=self.lost)


# ---------------------------------------------------------------- sharing a key between an office's computers

def export_key(target: Path) -> str:
    """Write this computer's sealing key to ``target`` (readable by this account only); its id."""
    ring = ring_for_writing()
    if ring is None or ring.sealing_key is None:
        raise ValidationError({"key": _("This computer has no usable audit key (%(path)s).") % {"path": key_file()}})
    if target.exists():
        raise ValidationError({"out": _("%(path)s exists already; choose a new file name.") % {"path": target}})
    check_target(target)  # a missing folder is refused, never made (the secret key went into a folder it made)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(f"avrcase audit key {key_id(ring.sealing_key)}\n{ring.sealing_key.hex()}\n")
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise ValidationError({"out": _("Cannot write %(path)s: %(reason)s") % {"path": target,
                                                                              "reason": exc.strerror}}) from exc
    return key_id(ring.sealing_key)


def import_key(source: Path, *, seal_with: bool) -> str:
    """Hold the key written by ``export_key`` in ``source`` (and seal with it if ``seal_with``); its id."""
    try:
        if not source.is_file() or source.stat().st_size > 4096:  # a key file is one short line; a pipe never ends
            raise OSError(source.name)
        lines = source.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError({"file": _("%(path)s cannot be read as an audit key file.") % {"path": source}}) from exc
    try:
        key = bytes.fromhex(lines[-1])
    except (ValueError, IndexError):
        key = b""
    if len(lines) != 5 or lines[:3] != ["avrcase", "audit", "key"] or len(key) != KEY_BYTES or lines[3] != key_id(key):
        raise ValidationError({"file": _("%(path)s is not an audit key written by “avrcase audit key export”.")
                               % {"path": source}})
    ring = KeyRing.load()
    ring.add(key, seal_with=seal_with)
    ring.save()
    return key_id(key)


def key_ids() -> tuple[str | None, tuple[str, ...]]:
    """This computer's sealing key id (``None``: none yet) and the ids of the other keys it holds."""
    ring = KeyRing.load()
    ids = [key_id(k) for k in ring.keys]
    return (ids[0] if ids else None), tuple(ids[1:])
