"""A quick look at the audit trail when a manager or administrator signs in: only ``audit verify`` looked at the chain.

A full verify reads every entry (seconds on a busy store), too slow for a sign-in. When it finds the chain intact,
this computer notes the trail's last entry (number and hash) for that store, outside the store
(``audit-checkpoints.json`` beside the audit key file, readable by this account only). At a sign-in of a role that
sees the trail, the entries written since are checked, at most ``CHECKED_AT_SIGN_IN`` of them: the noted entry still
has its hash (entries cut off the end, or a chain recomputed, change or remove it) and matches it, no number after
it is missing, and each links to the one before and matches its hash. The note then moves on to the last entry
checked, so each sign-in checks what is new and a backlog is caught up over the next sign-ins; the newest
``NEWEST_CHECKED`` entries are checked at every sign-in besides. A few milliseconds in all.

Entries cut off the end past the checkpoint leave an intact chain: the sign-in also looks up the entry this computer
sealed last in the store (``audit_seals``; one indexed read), which must still be there with its hash.

What it cannot see: an entry older than the note edited in place without recomputing the chain, and anything on
a computer that never ran a full verify of the store (nor sealed in it). ``audit verify`` remains the proof.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.errors import ValidationError
from avrcase.i18n import _
from avrcase.services import audit, audit_seals
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.store.models import AuditEntry

log = logging.getLogger(__name__)

FILE_NAME = "audit-checkpoints.json"
#: The most entries after the checkpoint a sign-in checks (20–40 µs each): the rest wait for the next sign-in.
CHECKED_AT_SIGN_IN = 50
#: The newest entries a sign-in checks besides, however far behind the checkpoint is.
NEWEST_CHECKED = 20
_COLUMNS = (AuditEntry.seq, AuditEntry.at, AuditEntry.user_id, AuditEntry.username, AuditEntry.action,
            AuditEntry.entity, AuditEntry.entity_id, AuditEntry.case_id, AuditEntry.details, AuditEntry.prev_hash,
            AuditEntry.hash)


def checkpoint_file() -> Path:
    """Where this computer keeps its checkpoints: beside its audit key file."""
    return audit_seals.key_file().with_name(FILE_NAME)


def _load() -> dict[str, dict]:
    try:
        data = json.loads(checkpoint_file().read_bytes())
    except (OSError, ValueError):
        return {}  # none yet, or damaged: nothing to compare with (a full verify notes one again)
    return data if isinstance(data, dict) else {}


def write_note_file(path: Path, data: dict) -> None:
    """Replace the note file ``path`` whole with ``data`` (one line of JSON, readable by this account only, never
    half-written); ``OSError`` when it cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="ascii") as stream:
        stream.write(json.dumps(data, sort_keys=True, separators=(",", ":")))
    os.replace(tmp, path)


def _save(data: dict[str, dict]) -> None:
    try:
        write_note_file(checkpoint_file(), data)
    except OSError as exc:
        log.warning("the audit checkpoint could not be noted (%s)", type(exc).__name__)


def _store_key(session: Session) -> str | None:
    """This store's trail at its location (``audit_seals.record_key``); ``None`` for an empty trail."""
    first = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == 1))
    return audit_seals.record_key(first, audit_seals.store_location(session)) if first else None


def verify_and_note(session: Session, actor: Actor | None,
                    anchor: tuple[int, str] | None = None) -> audit.ChainCheck:
    """``audit.verify``; when the chain is intact, its last entry becomes this computer's checkpoint for the store."""
    check = audit.verify(session, actor, anchor)
    store = _store_key(session) if check.ok and check.entries else None
    if store is not None:
        data = _load()
        data[store] = {"seq": check.entries, "hash": check.last_hash}
        _save(data)
    return check


def restart(location: str, first_hash: str, end: tuple[int, str] | None) -> None:
    """A restore put the trail beginning with ``first_hash`` at ``location`` (a store file, ``file_location``): the
    checkpoint there starts again at ``end`` (``SEQ``, ``HASH``: the restore's own entry, its chain just verified),
    or is dropped (``None``: a broken trail restored at an administrator's word, until a verify notes one)."""
    data = _load()
    here = audit_seals.record_key(first_hash, location) if first_hash else None
    kept = {k: v for k, v in data.items() if k != here}
    if here is not None and end is not None:
        kept[here] = {"seq": end[0], "hash": end[1]}
    if kept != data:
        _save(kept)


def forget(session: Session) -> None:
    """Drop this computer's checkpoint for the store ``session`` works on (its trail was taken as it is now, after a
    restore with other tools): the sign-in checks nothing there until a full verify notes one again."""
    store = _store_key(session)
    data = _load()
    if store is not None and data.pop(store, None) is not None:
        _save(data)


def _matches(previous_hash: str, row, key: bytes | None) -> bool:
    """Whether ``row`` links to ``previous_hash`` and matches its hash: under the store's key, or unkeyed (written before
    the store was encrypted; ``audit verify`` checks which entries must be keyed)."""
    if row.prev_hash != previous_hash:
        return False
    old_values = None
    for chain_key in (key, None) if key else (None,):
        if audit.entry_hash(previous_hash, row, chain_key) == row.hash:
            return True
        old_values = old_values or audit.redacted_digest(row.details)  # redacted: its old values' digest stands in
        if old_values is not None and audit.entry_hash(previous_hash, row, chain_key, digest=old_values) == row.hash:
            return True
    return False


def _chain_problem(rows, key: bytes | None) -> str:
    """The first problem in ``rows`` (consecutive entries, oldest first): an entry that does not match its hash, a
    number missing, an entry not linked to the one before; ``""`` when there is none."""
    if not _matches(rows[0].prev_hash, rows[0], key):
        return _("entry %(seq)s does not match its hash: it was edited") % {"seq": rows[0].seq}
    for previous, row in zip(rows, rows[1:], strict=False):
        if row.seq != previous.seq + 1:
            return _("entries after entry %(seq)s were removed") % {"seq": previous.seq}
        if not _matches(previous.hash, row, key):
            return _("entry %(seq)s does not match its hash: it was edited") % {"seq": row.seq}
    return ""


def check_since_verified(session: Session) -> str:
    """The first problem in the entries written since this computer last verified the trail, or ``""`` (also when it
    never did): the next ``CHECKED_AT_SIGN_IN`` after the checkpoint, which then moves on to the last of them, and the
    newest ``NEWEST_CHECKED`` (an entry of what someone just did, edited to cover it, is found at once)."""
    store = _store_key(session)
    if store is None:
        return ""
    data = _load()
    noted = data.get(store)
    if not isinstance(noted, dict) or not isinstance(noted.get("seq"), int):
        return ""
    rows = session.execute(select(*_COLUMNS).where(AuditEntry.seq >= noted["seq"]).order_by(AuditEntry.seq)
                           .limit(CHECKED_AT_SIGN_IN + 1)).all()
    if not rows or rows[0].seq != noted["seq"] or rows[0].hash != noted.get("hash"):
        return _("entry %(seq)s, intact when the trail was last verified on this computer, was changed or removed "
                 "(entries cut off the end, or the chain recomputed)") % {"seq": noted["seq"]}
    key = audit.audit_key(session)
    newest = session.execute(select(*_COLUMNS).where(AuditEntry.seq > rows[-1].seq).order_by(AuditEntry.seq.desc())
                             .limit(NEWEST_CHECKED)).all()[::-1]
    problem = _chain_problem(rows, key) or (_chain_problem(newest, key) if newest else "")
    if not problem and rows[-1].seq != noted["seq"]:
        data[store] = {"seq": rows[-1].seq, "hash": rows[-1].hash}
        _save(data)
    return problem


def cut_off_since_sealed(session: Session) -> str:
    """Whether the entry this computer sealed last in the store (``audit_seals``) is still there with its hash, or
    ``""``: entries cut off the end after the checkpoint leave an intact chain behind, which only this note shows."""
    first = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == 1))
    try:
        ring = audit_seals.KeyRing.load()
    except ValidationError:
        return ""  # a damaged key file: ``audit verify`` says so
    noted = ring.sealed.get(audit_seals.record_key(first, audit_seals.store_location(session))) if first else None
    if not isinstance(noted, dict) or not isinstance(noted.get("seq"), int):
        return ""
    found = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == noted["seq"]))
    if found == noted.get("hash"):
        return ""
    return (_("entry %(seq)s, the last this computer sealed, is missing: entries were cut off the end (after a "
              "restore with other tools, run “avrcase audit key accept-restore”)") if found is None else
            _("entry %(seq)s, the last this computer sealed, no longer has the hash it had: the chain was "
              "recomputed, or entries were cut off the end and new ones written in their place")) % {"seq": noted["seq"]}


def sign_in_warning(session: Session) -> str:
    """What a manager or administrator is told at sign-in when the trail changed since it was last verified here, or
    lost the entry this computer sealed last."""
    problem = check_since_verified(session)
    if not problem and (cut := cut_off_since_sealed(session)):
        return _("Warning: the audit trail was tampered with: %(problem)s. Run “avrcase audit verify” (or Verify the "
                 "chain in Account ▸ Audit trail) and restore the last backup from before it if it is confirmed.") % {
            "problem": cut}
    if not problem:
        return ""
    return _("Warning: the audit trail was tampered with since it was last verified on this computer: %(problem)s. "
             "Run “avrcase audit verify” (or Verify the chain in Account ▸ Audit trail) and restore the last backup "
             "from before it if it is confirmed.") % {"problem": problem}


def check_chain(session: Session, actor: Actor | None) -> audit.ChainCheck:
    """The chain's tamper evidence as part of the store's damage check (``avrcase db check``, ``store.maintain``).

    The walk of ``audit verify`` (hashes, order, this computer's seals), noting nothing, for the check that runs
    before anyone signs in: its outcome names an entry's number and what is wrong with it, never an entry's content.
    """
    require(actor, Permission.STORE_MAINTAIN)
    return audit.walk_chain(session)
