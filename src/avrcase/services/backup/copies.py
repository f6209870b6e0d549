"""One verified copy of a SQLite store, with its manifest (and its key-slot file when encrypted).

The copy is made with SQLite's online backup API from a connection holding one read transaction, so
the row counts taken in that transaction describe exactly the pages copied. An encrypted store is
copied page by page under the same key (it stays encrypted) and its ``.keys.json`` goes beside the
copy. The copy is written to a private temporary file, opened again and checked (``quick_check``,
the schema revision and the row count of every table), then renamed; the manifest is written last,
so a copy with a manifest is a finished, verified one.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3

from avrcase import __version__
from avrcase.domain.errors import StoreError
from avrcase.i18n import _
from avrcase.services.backup import backup_notes
from avrcase.services.backup.files import create_private, publish, sha256_of, temporary_path, write_private
from avrcase.store import foreign_objects
from avrcase.store.readable_text import unreadable_text
from avrcase.store.encryption import StoreKey, keys_path
from avrcase.store.engine import connect_sqlcipher

FORMAT = "avrcase-backup"
#: The kind of a copy made only to be read and deleted (it is not noted as a backup made here).
SCRATCH = "scratch"
VERSION = 1
MANIFEST_SUFFIX = ".manifest.json"
#: What the two SQLite drivers raise for a damaged file or a failed statement.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.Error)


@dataclass(frozen=True)
class BackupManifest:
    """What a backup holds, written beside it as ``<backup>.manifest.json``."""

    file: str
    created_at: dt.datetime
    app_version: str
    schema_revision: str | None
    encrypted: bool
    sha256: str
    size: int
    made_by: str
    kind: str
    counts: dict[str, int] = field(default_factory=dict)
    #: The audit chain's head in the copy, ``SEQ:HASH``: check it later with ``avrcase audit verify --anchor``.
    audit_anchor: str = ""

    def to_json(self) -> str:
        """The manifest as JSON text."""
        data: dict[str, Any] = {"format": FORMAT, "version": VERSION, **asdict(self)}
        data["created_at"] = self.created_at.astimezone(dt.timezone.utc).isoformat()
        return json.dumps(data, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> BackupManifest:
        """Read a manifest; ``ValueError`` when it is not one of ours."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not an avrcase backup manifest")
        return cls(file=str(data["file"]), created_at=dt.datetime.fromisoformat(data["created_at"]),
                   app_version=str(data["app_version"]), schema_revision=data.get("schema_revision"),
                   encrypted=bool(data["encrypted"]), sha256=str(data["sha256"]), size=int(data["size"]),
                   made_by=str(data.get("made_by", "")), kind=str(data.get("kind", "")),
                   counts={str(k): int(v) for k, v in dict(data.get("counts", {})).items()},
                   audit_anchor=str(data.get("audit_anchor", "")))


def manifest_disagrees(manifest: BackupManifest, revision: str | None, counts: dict[str, int],
                       last_change_at: dt.datetime | None, anchor: str | None = None) -> str:
    """How ``manifest`` contradicts the backup it sits beside (its schema, its row counts, made before the file's
    last change on record, another last audit entry than ``anchor``), in words; ``""`` when it agrees. Its checksum
    covers the file, not itself: an edited "made by", date or count would otherwise be shown as the backup's own."""
    if manifest.schema_revision is not None and manifest.schema_revision != revision:
        return _("schema %(manifest)s in the manifest, %(file)s in the file") % {
            "manifest": manifest.schema_revision, "file": revision}
    for table in sorted(set(manifest.counts) & set(counts), key=lambda name: (name != "cases", name)):
        if manifest.counts[table] != counts[table]:
            return _("%(manifest)d rows of %(table)s in the manifest, %(file)d in the file") % {
                "manifest": manifest.counts[table], "table": table, "file": counts[table]}
    if last_change_at is not None and manifest.created_at < last_change_at - dt.timedelta(days=1):
        return _("made %(made)s in the manifest, before the file's last change on record (%(last)s)") % {
            "made": manifest.created_at.date().isoformat(), "last": last_change_at.date().isoformat()}
    if anchor is not None and manifest.audit_anchor and manifest.audit_anchor != anchor:
        return _("its last audit entry is %(manifest)s in the manifest, %(file)s in the file") % {
            "manifest": manifest.audit_anchor.split(":")[0], "file": anchor.split(":")[0] or "0"}
    return ""


def facts_of(path: Path) -> tuple[str | None, dict[str, int], dt.datetime | None, str]:
    """What a plain store file holds, read without changing it: its schema revision, rows per table, the time of its
    last audit entry and that entry as an anchor. ``DB_ERRORS`` when it is not a database SQLite can read."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        connection.execute("PRAGMA query_only = ON")
        revision, counts = schema_revision_of(connection), table_counts(connection)
        try:
            row = connection.execute("SELECT seq, hash, at FROM audit_entries ORDER BY seq DESC LIMIT 1").fetchone()
        except DB_ERRORS:
            row = None
    finally:
        connection.close()
    if row is None:
        return revision, counts, None, ""
    at = dt.datetime.fromisoformat(str(row[2]))
    return revision, counts, at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc), f"{row[0]}:{row[1]}"


def connect(path: Path, key: StoreKey | None) -> Any:
    """A raw connection to a store file: the standard ``sqlite3`` for a plain one, SQLCipher with ``key``.

    A plain store must be read through the same SQLite library as the app's engine: two copies of
    SQLite in one process do not see each other's POSIX locks, and closing one drops the other's.
    """
    if key is None:
        connection = sqlite3.connect(path, timeout=10, check_same_thread=False)
        return connection
    return connect_sqlcipher(path, key)


def audit_anchor_of(path: Path, key: StoreKey | None) -> str:
    """The last audit entry of the store file at ``path`` as an anchor ``SEQ:HASH`` (empty without entries)."""
    return trail_of(path, key)[1]


def trail_of(path: Path, key: StoreKey | None) -> tuple[str, str]:
    """Which audit trail the store file at ``path`` holds (its first entry's hash) and where it ends (``SEQ:HASH``);
    both empty without entries."""
    connection = connect(path, key)
    try:
        first = connection.execute("SELECT hash FROM audit_entries WHERE seq = 1").fetchone()
        row = connection.execute("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").fetchone()
    except DB_ERRORS:
        return "", ""
    finally:
        connection.close()
    return (str(first[0]) if first else ""), (f"{row[0]}:{row[1]}" if row else "")


def manifest_path(backup: Path) -> Path:
    """Where the manifest of ``backup`` lives."""
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


#: A manifest is a few hundred bytes; anything much larger (or not a plain file: a pipe would be waited on for
#: ever) is not one, and is not read.
MAX_MANIFEST_BYTES = 1 << 20


def read_manifest(backup: Path) -> BackupManifest | None:
    """The manifest beside ``backup``, or ``None`` when there is none or it cannot be read."""
    path = manifest_path(backup)
    try:
        if not path.is_file() or path.stat().st_size > MAX_MANIFEST_BYTES:
            return None
        return BackupManifest.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def table_counts(connection: Any) -> dict[str, int]:
    """Rows per table (SQLite's own tables left out)."""
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names}


def schema_revision_of(connection: Any) -> str | None:
    """The Alembic revision a SQLite connection's store is at (``None`` for an empty file)."""
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except DB_ERRORS:
        return None
    return str(row[0]) if row else None


@dataclass(frozen=True)
class CopyCheck:
    """What opening a copy found: the quick check's verdict, its revision and row counts."""

    quick_check: str
    schema_revision: str | None
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        """True when SQLite found nothing wrong."""
        return self.quick_check == "ok"


def check_copy(path: Path, key: StoreKey | None, *, full: bool = False) -> CopyCheck:
    """Open the store file at ``path`` and check it (``quick_check``, or ``integrity_check`` with ``full``)."""
    connection = connect(path, key)
    try:
        pragma = "integrity_check" if full else "quick_check"
        verdict = "; ".join(str(row[0]) for row in connection.execute(f"PRAGMA {pragma}").fetchall())
        if verdict == "ok" and full and connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
            verdict = _("broken references between records")
        if verdict == "ok" and full:
            unreadable = unreadable_text(connection.execute)
            if unreadable:  # bytes overwritten inside a name pass integrity_check
                verdict = _("some text in %(where)s cannot be read") % {"where": unreadable}
        made_elsewhere = foreign_objects.foreign(connection.execute(foreign_objects.QUERY).fetchall())
        if verdict == "ok" and made_elsewhere:  # a trigger would run inside the restored store's writes
            verdict = _("it holds %(objects)s, which avrcase did not make") % {"objects": ", ".join(made_elsewhere[:3])}
        return CopyCheck(verdict, schema_revision_of(connection), table_counts(connection))
    except StoreError:
        raise
    except DB_ERRORS as exc:  # not a database, or damaged
        return CopyCheck(str(exc), None, {})
    finally:
        connection.close()


def copy_store(source: Path, key: StoreKey | None, target: Path, *, now: dt.datetime, made_by: str,
               kind: str) -> BackupManifest:
    """Back up the SQLite store at ``source`` (opened with ``key`` when encrypted) to ``target``; verified.

    Raises ``StoreError`` (and leaves nothing at ``target``) when the folder is missing, the disk is
    full or the copy does not check out.
    """
    if not target.parent.is_dir():
        raise StoreError(_("The backup folder %(folder)s does not exist or is not reachable.") % {"folder": target.parent})
    if target.exists():
        raise StoreError(_("%(path)s already exists; choose another name.") % {"path": target})
    tmp = temporary_path(target)
    try:
        expected, revision = _copy_pages(source, key, tmp)
        check = check_copy(tmp, key)
        if not check.ok or check.counts != expected or check.schema_revision != revision:
            raise StoreError(_("The backup copy of %(path)s did not check out (%(detail)s); it was not kept.")
                             % {"path": source.name, "detail": check.quick_check if not check.ok else _("row counts differ")})
        digest, size = sha256_of(tmp), tmp.stat().st_size
        first, anchor = trail_of(tmp, key)
        if key is not None:
            write_private(keys_path(target), keys_path(source).read_bytes())
        publish(tmp, target)
    except OSError as exc:
        _remove_unfinished(tmp)
        raise StoreError(_("The backup could not be written to %(path)s: %(reason)s")
                         % {"path": target, "reason": exc.strerror or exc}) from exc
    except BaseException:
        _remove_unfinished(tmp)
        raise
    manifest = BackupManifest(file=target.name, created_at=now, app_version=__version__, schema_revision=revision,
                              encrypted=key is not None, sha256=digest, size=size, made_by=made_by, kind=kind,
                              counts=expected, audit_anchor=anchor)
    write_private(manifest_path(target), manifest.to_json().encode("utf-8"))
    if kind != SCRATCH:  # a scratch copy is deleted at once
        backup_notes.note(target.name, first, anchor, now.astimezone(dt.timezone.utc).isoformat())
    return manifest


def _remove_unfinished(tmp: Path) -> None:
    """Delete an unfinished copy and the journal SQLite may leave beside it when the disk filled up under it. On a
    read-only folder even removing a file that is not there fails (EROFS, not ENOENT): that failure hid the reason
    ("internal error") and the scheduled backup's failure was never noted for the status bar."""
    for part in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        try:
            part.unlink(missing_ok=True)
        except OSError:
            continue  # nothing could be written there either


def _copy_pages(source: Path, key: StoreKey | None, tmp: Path) -> tuple[dict[str, int], str | None]:
    """Copy ``source`` into ``tmp`` with the backup API inside one read transaction; its counts and revision."""
    if not source.is_file():
        raise StoreError(_("The store %(path)s does not exist.") % {"path": source})
    create_private(tmp)
    src = connect(source, key)
    try:
        src.isolation_level = None
        src.execute("BEGIN")
        counts, revision = table_counts(src), schema_revision_of(src)
        dst = connect(tmp, key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            dst.close()
        src.execute("COMMIT")
    except DB_ERRORS as exc:
        raise StoreError(_("The store could not be copied: %(reason)s") % {"reason": exc}) from exc
    finally:
        src.close()
    return counts, revision
