"""Each backup's audit-trail end, noted on this computer when the backup is made, and compared when it is restored.

A backup's manifest holds the anchor of its trail (``audit_anchor``), but the manifest is anyone's to recompute:
entries cut off the end of a backup's trail leave an intact chain behind, and a recomputed manifest then agrees.
So this computer notes, outside the store and the backup folder (``backup-anchors.json`` beside the audit key
file, readable by this account only), the first entry's hash (which trail) and the last entry (``SEQ:HASH``) of
every backup it makes. A restore compares: a backup made here whose trail ends elsewhere than noted was changed
after it was made (``trail_cut``); a backup with no note (made on another computer, or before this computer kept
notes) can only be checked by its own chain, and the person is told so (``not_checked_here``). A backup restored
after its chain verified is noted too, so that it is compared from then on.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from avrcase.i18n import _
from avrcase.services import audit_seals
from avrcase.services.audit_checkpoint import write_note_file

log = logging.getLogger(__name__)

FILE_NAME = "backup-anchors.json"
#: The most backups noted: the oldest notes go first (a year and more of daily backups with their safety copies).
MAX_NOTES = 2000


def notes_file() -> Path:
    """Where this computer keeps its backups' trail ends: beside its audit key file."""
    return audit_seals.key_file().with_name(FILE_NAME)


def _key(first_hash: str, name: str) -> str:
    """A backup's note: its trail (the first entry's hash) and its file name (a scheduled backup's names its time)."""
    return hashlib.sha256(f"{first_hash}\0{name}".encode()).hexdigest()[:32]


def _load() -> dict[str, Any]:
    try:
        data = json.loads(notes_file().read_bytes())
    except (OSError, ValueError):
        return {}  # none yet, or damaged: every backup then restores as one not made here, with the warning
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, Any]) -> None:
    path = notes_file()
    if len(data) > MAX_NOTES:
        newest = sorted(data, key=lambda k: str(data[k].get("at", "")) if isinstance(data[k], dict) else "")
        data = {k: data[k] for k in newest[-MAX_NOTES:]}
    try:
        write_note_file(path, data)
    except OSError as exc:
        log.warning("a backup's audit trail end could not be noted (%s)", type(exc).__name__)


def note(name: str, first_hash: str, anchor: str, at: str) -> None:
    """Note that the backup ``name`` made (or restored, ``at`` in ISO form) here holds the trail that begins with
    ``first_hash`` and ends at ``anchor`` (``SEQ:HASH``); nothing for an empty trail."""
    if not first_hash or not anchor:
        return
    data = _load()
    data[_key(first_hash, name)] = {"anchor": anchor, "at": at}
    _save(data)


def _anchors(data: dict[str, Any]) -> set[str]:
    return {str(v.get("anchor")) for v in data.values() if isinstance(v, dict)}


def trail_cut(name: str, first_hash: str, anchor: str) -> str:
    """How the trail of the backup ``name`` (beginning with ``first_hash``, ending at ``anchor``) differs from what
    was noted when it was made here; ``""`` when it does not, or when it was not noted here."""
    if not first_hash:
        return ""
    data = _load()
    noted = data.get(_key(first_hash, name))
    if not isinstance(noted, dict) or noted.get("anchor") == anchor or anchor in _anchors(data):
        return ""  # a backup copied under another name is the one noted under its first name
    return cut_between(str(noted.get("anchor")), anchor)


def cut_between(noted: str, anchor: str) -> str:
    """How a backup's trail ending at ``anchor`` differs from ``noted`` (both ``SEQ:HASH``) when it was made here."""
    noted_seq, _sep, _hash = noted.partition(":")
    seq = anchor.partition(":")[0] or "0"
    if seq == noted_seq:
        return _("its last audit entry %(seq)s no longer has the hash it had when the backup was made on this "
                 "computer: the trail was recomputed") % {"seq": seq}
    return _("its audit trail ends at entry %(seq)s, but it ended at entry %(noted)s when the backup was made on "
             "this computer: entries were cut off the end") % {"seq": seq, "noted": noted_seq}


def is_noted(name: str, first_hash: str) -> bool:
    """True when this computer holds a note of the backup ``name`` of the trail that begins with ``first_hash``."""
    return bool(first_hash) and _key(first_hash, name) in _load()


def not_checked_here(name: str, first_hash: str, anchor: str) -> bool:
    """True when this computer holds no note of the backup ``name``'s trail end (under that name or another)."""
    if not first_hash:
        return False
    data = _load()
    return _key(first_hash, name) not in data and anchor not in _anchors(data)


def warning_for(name: str) -> str:
    """What the person restoring a backup with no note here is told."""
    return _("The audit trail of %(file)s could not be checked against this computer: the backup was not made here "
             "(or before this computer noted its backups), so entries cut off the end of its trail would not show. "
             "After the restore, run “avrcase audit verify --anchor SEQ:HASH” with the anchor noted where it was "
             "made.") % {"file": name}
