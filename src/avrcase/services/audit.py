"""The audit trail: every change, sign-in, case file opened, document issued and export, on record.

Entries are appended when a unit of work commits and chained: each entry's hash is SHA-256 over the previous entry's
hash and the canonical JSON of the entry, so ``verify`` finds an entry that was edited, removed or moved and names
it. Field-level before/after values of every create, update and delete come from one ``after_flush`` listener
reading SQLAlchemy's attribute history; the acting user is what the unit of work put in ``session.info``. Password
hashes are never written (only a digest of them: ``audit_passwords``); file contents appear only as their size.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, inspect, or_, select, text
from sqlalchemy.orm import Session

from avrcase.domain.errors import NotFoundError
from avrcase.i18n import _
from avrcase.services import audit_seals
from avrcase.services.audit_passwords import digest_of_change
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.audit_cases import case_id_of, deleted_by_flush, leaving_members, parent_cases, parent_of
from avrcase.store.models import AuditEntry

GENESIS = "0" * 64
#: The PostgreSQL advisory lock that serialises appends to the chain ("avrAUDIT" as a 64-bit number).
CHAIN_LOCK = int.from_bytes(b"avrAUDIT", "big") - 2**63
ACTOR_KEY = "avrcase.actor"
_PENDING_KEY = "avrcase.audit_pending"
#: A queued entry about a row whose case is looked up, through its parent, when the entries are written
#: (``audit_cases.parent_cases``).
_PARENT = "parent"
# Never on record, not even hashed: a password hash would let anyone who reads the trail attack it offline.
REDACTED = frozenset({"password_hash"})
# Kept on record but shown only to roles allowed to read them (see ``list_entries``).
SENSITIVE = {("case_vulnerabilities", "details"): Permission.SENSITIVE_READ,
             ("consultations", "notes"): Permission.COUNSELLING_READ,
             # a traveller's medical needs (stretcher, oxygen, a medical escort), as the travel tab hides them
             ("itinerary_travellers", "medical"): Permission.SENSITIVE_READ,
             # health information of the needs assessment (GDPR art. 9), as its services hide it
             ("needs_assessments", "psychosocial_notes"): Permission.SENSITIVE_READ,
             ("needs_assessments", "referral_needs"): Permission.SENSITIVE_READ,
             ("needs_assessments", "referral_notes"): Permission.SENSITIVE_READ,
             # an attachment's name and description say what it is ("HIV test result.pdf"), as the case file hides
             # them from these roles when the scan is sensitive
             ("attachments", "filename"): Permission.SENSITIVE_READ,
             ("attachments", "description"): Permission.SENSITIVE_READ}
#: The values of an entry redacted before the chain's second format: exactly this, nothing else.
REDACTED_V1 = '{"redacted":"retention"}'
#: The key of the unkeyed second format (a store without an audit key): public, so it proves order and
#: integrity against accidents and plain edits, not against someone who recomputes every later hash.
UNKEYED = b"avrcase audit chain v2 (unkeyed)"
_NOT_RECORDED = frozenset({"search_text", "search_key", "document_number_norm", "name_keys_version"})  # derived from recorded fields


class Action(enum.StrEnum):
    """What an entry records."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    UNLOCK = "unlock"
    CASE_OPENED = "case_opened"
    DOCUMENT_ISSUED = "document_issued"
    DOCUMENT_OPENED = "document_opened"
    EXPORT = "export"
    DEMO_GENERATED = "demo_generated"
    ANONYMISED = "anonymised"  # a closed case anonymised under the retention rule (services.retention)
    REDACTION = "redaction"    # earlier entries whose values were replaced; ``details.seqs`` lists them
    BACKUP = "backup"          # a verified backup was written (``services.backup``)
    RESTORE = "restore"        # this store was restored from a backup
    IMPORT = "import"          # cases imported from a spreadsheet (``services.imports``)
    STORE_UPGRADED = "store_upgraded"  # its schema upgraded (``services.store_upgrades``), or password digests first kept


# ---------------------------------------------------------------- collecting entries

def _plain(value: Any) -> Any:
    """A JSON value for a column value; bytes become their size only."""
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _pending(session: Session) -> list[dict]:
    return session.info.setdefault(_PENDING_KEY, [])


def _who(actor: Actor | None) -> tuple[int | None, str]:
    return (actor.id, actor.username) if actor is not None else (None, "system")


def record(session: Session, actor: Actor | None, action: Action, *, entity: str = "", entity_id: int | None = None,
           case_id: int | None = None, **details: Any) -> None:
    """Queue one entry; it is chained and written when the unit of work ends (even a read-only one)."""
    user_id, username = _who(actor)
    _pending(session).append(dict(at=clock_of(session).now(), user_id=user_id, username=username, action=str(action), entity=entity,
                                  entity_id=entity_id, case_id=case_id,
                                  details={k: _plain(v) for k, v in details.items()}))


def _changes(obj: Any, action: Action) -> dict[str, list]:
    state = inspect(obj)
    fields: dict[str, list] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _NOT_RECORDED:
            continue
        hist = state.attrs[key].history
        if action is Action.UPDATE:
            if not hist.has_changes():
                continue
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
        elif action is Action.CREATE:
            before, after = None, state.attrs[key].value
            if after is None:
                continue
        else:
            before, after = (hist.unchanged or hist.deleted or [None])[0], None
        if key in REDACTED:
            fields[key] = ["<redacted>", "<redacted>"] if action is Action.UPDATE else ["<redacted>"]
        else:
            fields[key] = [_plain(before), _plain(after)]
    return fields


@event.listens_for(Session, "after_flush")
def _capture_changes(session: Session, _context) -> None:
    """Queue a field-level entry for every row the flush creates, changes or deletes."""
    actor = session.info.get(ACTOR_KEY)
    leaving = leaving_members(session)
    deleted = deleted_by_flush(session)
    for objects, action in ((session.new, Action.CREATE), (session.dirty, Action.UPDATE), (deleted, Action.DELETE)):
        for obj in objects:
            if isinstance(obj, AuditEntry):
                continue
            if action is Action.UPDATE and not session.is_modified(obj, include_collections=False):
                continue
            fields = _changes(obj, action)
            if action is Action.UPDATE and not fields:
                continue
            mapper = inspect(obj).mapper
            table = mapper.local_table.name
            # Not ``state.identity``: a row inserted by this flush gets its identity key only afterwards,
            # while its primary-key attributes are already filled in.
            pk = mapper.primary_key_from_instance(obj)
            entity_id = pk[0] if len(pk) == 1 else None
            case_id = case_id_of(table, obj) if table != "persons" else leaving.get(entity_id)
            record(session, actor, action, entity=table, entity_id=entity_id, case_id=case_id, fields=fields,
                   **digest_of_change(table, obj, fields))
            if case_id is None and parent_of(table, obj) is not None:
                _pending(session)[-1][_PARENT] = parent_of(table, obj)


@event.listens_for(Session, "before_commit")
def _write_on_commit(session: Session) -> None:
    """Flush what is left (so its changes are captured), then chain and write the queued entries."""
    session.flush()
    write_pending(session, session.info.pop(_PENDING_KEY, []))


def take_pending(session: Session) -> list[dict]:
    """Remove and return the queued entries (a read-only unit of work hands them to a writing one)."""
    return session.info.pop(_PENDING_KEY, [])


def canonical(fields: dict) -> str:
    """The canonical JSON of a mapping: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _meta_fields(entry: AuditEntry) -> dict:
    """What an entry says apart from its values: which entry, when, who, what and which row."""
    return dict(seq=entry.seq, at=entry.at.astimezone(dt.timezone.utc).isoformat(), user_id=entry.user_id,
                username=entry.username, action=entry.action, entity=entry.entity, entity_id=entry.entity_id,
                case_id=entry.case_id)


def entry_hash_v1(prev_hash: str, entry: AuditEntry) -> str:
    """The first format (entries written before issue #21): SHA-256 over the previous hash and the whole entry."""
    fields = _meta_fields(entry) | {"details": entry.details}
    return hashlib.sha256((prev_hash + canonical(fields)).encode("utf-8")).hexdigest()


def values_digest(details: str) -> str:
    """The SHA-256 of an entry's values (its ``details`` JSON)."""
    return hashlib.sha256(details.encode("utf-8")).hexdigest()


def redacted_details(details: str, reason: str = "retention") -> str:
    """The values that replace ``details`` when they are redacted: the reason and the digest of the old ones.

    The entry's hash covers that digest, not the values, so who, what, when and which row stay verified
    while the personal values are gone.
    """
    digest = redacted_digest(details) or values_digest(details)
    return canonical({"redacted": reason, "sha256": digest})


def redacted_digest(details: str) -> str | None:
    """The digest kept in redacted values, if ``details`` are exactly redacted values; else ``None``."""
    try:
        data = json.loads(details)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != {"redacted", "sha256"} or not isinstance(data["redacted"], str):
        return None
    digest = data["sha256"]
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    return digest if canonical(data) == details else None


def entry_hash(prev_hash: str, entry: AuditEntry, key: bytes | None = None, *, digest: str | None = None) -> str:
    """The second format: HMAC-SHA-256 (under the store's audit key, or ``UNKEYED``) over the previous hash,
    the entry's non-personal fields and the digest of its values."""
    fields = _meta_fields(entry) | {"values_sha256": digest or values_digest(entry.details)}
    return hmac.new(key or UNKEYED, (prev_hash + canonical(fields)).encode("utf-8"), hashlib.sha256).hexdigest()


def audit_key(session: Session) -> bytes | None:
    """The key of the chain: derived from the database key of an encrypted store; ``None`` otherwise."""
    from avrcase.store.engine import store_key_of

    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    key = store_key_of(engine)
    if key is None:
        return None
    return hmac.new(key.raw, b"avrcase audit chain key", hashlib.sha256).digest()


def write_pending(session: Session, pending: list[dict]) -> None:
    """Append ``pending`` entries to the chain in this session."""
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        # Writers append one after the other: the lock is held to the end of this transaction, so the
        # next writer reads this one's last entry (SQLite's BEGIN IMMEDIATE serialises writers already).
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": CHAIN_LOCK})
    # The last entry and the first, in one read (#14) before the entries are added (after, it flushed them unsealed).
    ends: dict[int, str] = dict(session.execute(select(AuditEntry.seq, AuditEntry.hash).where(  # type: ignore[arg-type]
        or_(AuditEntry.seq == 1, AuditEntry.seq == select(func.max(AuditEntry.seq)).scalar_subquery()))).all())
    seq, prev = max(ends.items()) if ends else (0, GENESIS)
    key = audit_key(session)
    parents = {item[_PARENT] for item in pending if item.get(_PARENT) is not None and item["case_id"] is None}
    cases = parent_cases(session, parents) if parents else {}
    first = ends.get(1)
    for item in pending:
        seq += 1
        entry = AuditEntry(seq=seq, at=item["at"].replace(microsecond=item["at"].microsecond // 1000 * 1000),
                           user_id=item["user_id"], username=item["username"], action=item["action"],
                           entity=item["entity"], entity_id=item["entity_id"],
                           case_id=item["case_id"] if item["case_id"] is not None else cases.get(item.get(_PARENT)),
                           details=canonical(item["details"]), prev_hash=prev)
        entry.hash = prev = entry_hash(prev, entry, key)
        first = first or (entry.hash if seq == 1 else None)
        session.add(entry)
    audit_seals.seal_last(session, entry, first or "", ends)
    session.flush()


# ---------------------------------------------------------------- verifying

@dataclass(frozen=True)
class ChainCheck:
    """Outcome of ``verify``: how many entries were checked and, if broken, where and why."""

    entries: int
    broken_at: int | None = None
    problem: str = ""
    last_hash: str = GENESIS
    keyed: bool = False
    anchor_checked: bool = False
    seals: audit_seals.SealCheck | None = None

    @property
    def anchor(self) -> str:
        """The chain's head as an anchor to note down or export: ``<entries>:<last hash>``."""
        return f"{self.entries}:{self.last_hash}"

    @property
    def ok(self) -> bool:
        """True when every entry matches its hash and follows the one before."""
        return self.broken_at is None


def parse_anchor(text: str) -> tuple[int, str]:
    """``SEQ:HASH`` (as ``audit verify`` prints it) → (seq, hash); ``ValueError`` for anything else."""
    seq_text, _sep, digest = text.strip().partition(":")
    seq = int(seq_text)
    if seq < 1 or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(text)
    return seq, digest


def verify(session: Session, actor: Actor | None, anchor: tuple[int, str] | None = None) -> ChainCheck:
    """Walk the chain from the first entry; report the first one edited, removed or out of order (``walk_chain``)."""
    require(actor, Permission.AUDIT_VIEW)
    return walk_chain(session, anchor)


def walk_chain(session: Session, anchor: tuple[int, str] | None = None) -> ChainCheck:
    """``verify``'s walk, for a caller that checked its own permission (``audit_checkpoint.check_chain``).

    Entries are in the first format up to the first one in the second; after it only the second format is accepted,
    and after the first keyed entry only keyed ones. A redacted entry (named by a later ``redaction`` entry, its
    values exactly the redacted form) of the second format is checked in all but its values: the digest of the old
    values stands in for them. ``anchor`` (an entry's seq and hash noted earlier, e.g. from a backup's manifest) must
    still be in the chain: that catches entries cut off the end and a chain recomputed from an edited entry on.
    """
    prev, expected, count = GENESIS, 1, 0
    redacted = _redacted_seqs(session)
    key = audit_key(session)
    seals = audit_seals.SealChecker(audit_seals.store_location(session))
    stage = 0  # 0: first format, 1: second format unkeyed, 2: second format keyed
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)):
        count += 1
        if entry.seq != expected:
            return ChainCheck(count, entry.seq, (_("entry %(seq)s follows entry %(before)s: entries in between were removed")
                              if expected > 1 else _("entry %(seq)s comes first: the entries before it were removed"))
                              % {"seq": entry.seq, "before": expected - 1})
        if entry.prev_hash != prev:
            return ChainCheck(count, entry.seq, _("entry %(seq)s is not chained to the entry before it (removed or reordered entries)")
                              % {"seq": entry.seq})
        named = redacted.get(entry.seq, 0) > entry.seq
        digest = redacted_digest(entry.details) if named else None
        matched = None
        if stage == 0 and (entry_hash_v1(prev, entry) == entry.hash or (named and entry.details == REDACTED_V1)):
            matched = 0  # first format: a redacted entry's content cannot be checked at all
        elif stage <= 1 and entry_hash(prev, entry, None, digest=digest) == entry.hash:
            matched = 1
        elif key is not None and entry_hash(prev, entry, key, digest=digest) == entry.hash:
            matched = 2
        if matched is None:
            return ChainCheck(count, entry.seq, _("entry %(seq)s does not match its hash: it was edited") % {"seq": entry.seq})
        stage = max(stage, matched)
        unsealed = seals.feed(entry.seq, entry.hash, entry.seal, entry.seal_key)
        if unsealed is not None:
            return ChainCheck(count, unsealed.broken_at, unsealed.broken, keyed=stage == 2)
        prev, expected = entry.hash, expected + 1
    # Entries cut off the end leave a shorter intact chain: compare the count and last hash with a noted one.
    if anchor is not None:
        anchor_seq, anchor_hash = anchor
        held = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == anchor_seq))
        if held is None:
            return ChainCheck(count, anchor_seq, _("entry %(seq)s of the anchor is missing: entries were cut off the end")
                              % {"seq": anchor_seq}, prev, stage == 2)
        if held != anchor_hash:
            return ChainCheck(count, anchor_seq, _("entry %(seq)s no longer has the anchor's hash: the chain was "
                                                   "recomputed or replaced") % {"seq": anchor_seq}, prev, stage == 2)
    sealed = seals.result()
    if sealed.broken_at is not None:
        return ChainCheck(count, sealed.broken_at, sealed.broken, prev, stage == 2)
    return ChainCheck(count, last_hash=prev, keyed=stage == 2, anchor_checked=anchor is not None, seals=sealed)


def _redacted_seqs(session: Session) -> dict[int, int]:
    """Entries whose values a later ``redaction`` entry replaced (retention): seq -> the redaction's seq. Their content
    can no longer match their hash; their place in the chain is still checked, the redaction entry chained as any."""
    out: dict[int, int] = {}
    for seq, details in session.execute(select(AuditEntry.seq, AuditEntry.details).where(AuditEntry.action == Action.REDACTION.value)):
        try:
            listed = json.loads(details).get("seqs", [])
        except (ValueError, AttributeError):
            continue
        out.update({int(s): seq for s in listed if isinstance(s, int)})
    return out


def check_exists(session: Session, seq: int) -> None:
    """Raise ``NotFoundError`` unless an entry with this sequence number exists."""
    if session.scalar(select(AuditEntry.id).where(AuditEntry.seq == seq)) is None:
        raise NotFoundError(_("There is no audit entry %(seq)s.") % {"seq": seq})
