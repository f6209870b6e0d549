"""Files that leave the store: recorded first, written only once the record is committed.

A service that produces an export, a report or a document puts its entry on the audit trail (or the
document register) and hands the bytes to :func:`deliver` in the same unit of work. The bytes stay in
memory until that transaction commits; then they go to a temporary file beside the target, readable by
its owner only (0600), which is flushed and renamed into place. If the transaction rolls back (the store
is busy, the disk is full, the process is killed before the commit) nothing reaches the disk, so no
file ever exists that the trail does not know of. A crash after the commit leaves at most the record
without the file, which the person sees and repeats.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.store.encryption import keys_path
from avrcase.store.probe import SQLITE_HEADER

_PENDING = "avrcase.outgoing"


@dataclass(frozen=True)
class OutgoingFile:
    """Bytes waiting for their transaction's commit, and where they go."""

    path: Path
    data: bytes


def check_target(path: Path) -> None:
    """Refuse early a target whose folder is missing or which is a folder itself (nothing recorded yet)."""
    if str(path) in ("", "."):  # --out '' (". is a folder" said nothing a person could act on)
        raise AvrcaseError(_("Give the name of the file to write."))
    if path.is_dir():
        raise AvrcaseError(_("%(path)s is a folder; give a file name.") % {"path": path})
    if not path.parent.is_dir():
        raise AvrcaseError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    if _part_of_a_store(path):
        raise AvrcaseError(_("%(path)s is an avrcase store, a backup or one of their files; writing over it would "
                             "destroy it. Choose another file name; nothing was written.") % {"path": path})
    if not os.access(path.parent, os.W_OK):
        raise AvrcaseError(_("Cannot write %(path)s: %(reason)s") % {"path": path, "reason": _("permission denied")})
    probe = _partial(path)  # a folder that takes no new file (/proc, a read-only disk) is found before recording
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as exc:
        raise AvrcaseError(_("Cannot write %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}) from exc


def _part_of_a_store(path: Path) -> bool:
    """True when ``path`` is a SQLite file (a store, a backup), an encrypted store (its key file beside it) or the
    journal, key file or manifest of one: ``--report`` or ``--out`` naming the store replaced it with a spreadsheet."""
    try:
        if path.is_file():
            with path.open("rb") as fh:
                if fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                    return True
            if keys_path(path).is_file():
                return True
    except OSError:
        return False
    name = path.name
    for end in ("-wal", "-shm", "-journal", ".keys.json", ".manifest.json"):
        if name.endswith(end) and path.with_name(name[: -len(end)]).is_file():
            return True
    return False


#: How a single-file export's temporary file ends (``.<name>.<8 hex digits>.avrcase-export.partial``): a kill
#: half-way leaves it, case data in plain text, and avrcase deletes only files named so.
PARTIAL_SUFFIX = ".avrcase-export.partial"
_LEFTOVER = re.compile(rf"^\..+\.[0-9a-f]{{8}}{re.escape(PARTIAL_SUFFIX)}$")
#: A temporary file this much older than the one just written was left by a killed export; a younger one may be
#: another export still being written into a shared folder.
STALE_PARTIAL_SECONDS = 3600


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")


def remove_stale_partials(folder: Path, written_at: float) -> None:
    """Delete the temporary files of single-file exports killed half-way in ``folder``, an hour older than
    ``written_at`` (the modification time of a file just written there: the folder's own clock, also right on a
    network share whose clock differs from this computer's)."""
    for item in folder.iterdir():
        try:
            if (_LEFTOVER.match(item.name) and item.is_file() and not item.is_symlink()
                    and written_at - item.stat().st_mtime > STALE_PARTIAL_SECONDS):
                item.unlink()
        except OSError:
            continue  # gone meanwhile, or not ours to delete: the export itself succeeded


def deliver(session: Session, path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` when ``session``'s transaction commits; never if it rolls back."""
    check_target(path)
    session.info.setdefault(_PENDING, []).append(OutgoingFile(path, bytes(data)))


def take(session: Session) -> list[OutgoingFile]:
    """Remove and return the files waiting on ``session`` (a read-only unit of work hands them on)."""
    return session.info.pop(_PENDING, [])


def hand_over(session: Session, files: list[OutgoingFile]) -> None:
    """Let ``files`` wait for ``session``'s commit instead."""
    if files:
        session.info.setdefault(_PENDING, []).extend(files)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a new 0600 temporary file beside ``path``, flush it and rename it to ``path``; then delete
    what exports killed half-way left in that folder an hour or more ago."""
    tmp = _partial(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
            written_at = os.fstat(fd).st_mtime
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AvrcaseError(_("Cannot write %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}) from exc
    try:
        remove_stale_partials(path.parent, written_at)
    except OSError:  # the folder cannot be listed: the export is written all the same
        pass


@event.listens_for(Session, "after_commit")
def _write_after_commit(session: Session) -> None:
    for item in take(session):
        try:
            write_private(item.path, item.data)
        except AvrcaseError as exc:  # the record is committed: say so, in one line (the disk filled meanwhile)
            raise AvrcaseError(_("%(problem)s. It is on record all the same: free the room and do it again.")
                               % {"problem": exc.message.rstrip(".")}) from exc


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None:  # the whole unit of work, not a savepoint
        take(session)
