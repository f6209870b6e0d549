"""Opening a store: refuse foreign or newer files, back up, migrate with Alembic, verify.

``open_store`` is what the app and the CLI call; it returns a ready engine or raises ``StoreError``
with a message a person can act on. A store already at ``SCHEMA_HEAD`` opens without importing
Alembic and without the full integrity checks (linear in the store's size): those run after a
migration, after a crash (a write-ahead log left behind), on request (``avrcase db check``) and as a
background ``quick_check`` once the window is up.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError

from avrcase.domain.errors import StoreError
from avrcase.i18n import _
from avrcase.store import damage, foreign_objects
from avrcase.store.base import CLOCK_OPTION, NowSource
# Kept importable from here (``services.data_protection.retention``).
from avrcase.store.compaction import compact as compact
from avrcase.store.compaction import mark_compaction_needed as mark_compaction_needed
from avrcase.store.encryption import StoreKey, keys_path
from avrcase.store.engine import connect_sqlcipher, create_store_engine, is_sqlite, note_made_here, sqlite_path
from avrcase.store.name_key_backfill import count_pending, finish_pending
from avrcase.store.preparation import AFTER_UPGRADE, MigrationBackup, Progress, Reporter, Step
# Defined where the sign-in screen can read them without SQLAlchemy; kept importable from here.
from avrcase.store.probe import SCHEMA_HEAD as SCHEMA_HEAD
from avrcase.store.probe import SQLITE_HEADER as SQLITE_HEADER
from avrcase.store.probe import compaction_marker as compaction_marker
from avrcase.store.probe import left_by_a_crash, read_only_uri, refuse_unwritable

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    """Alembic configuration pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "avrcase.store:migrations")
    return config


def head_revision() -> str:
    """The newest schema revision this version of the app knows (asks Alembic; ``SCHEMA_HEAD`` is the constant)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, ``None`` for an empty store (read without Alembic)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revisions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(revisions) > 1:
        raise StoreError(_("The store records several schema revisions; it is not an avrcase store."))
    return revisions[0] if revisions else None


def is_encrypted_store(path: Path) -> bool:
    """True when ``path`` is an existing store without the plain SQLite header and with a key file beside it."""
    if not path.is_file() or path.stat().st_size == 0 or not keys_path(path).exists():
        return False
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER


def _check_file(path: Path, key: StoreKey | None = None) -> None:
    if not path.exists():
        if not path.parent.exists():
            raise StoreError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
        return
    if path.is_dir():
        raise StoreError(_("%(path)s is a folder, not an avrcase store.") % {"path": path})
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(_("The store %(path)s cannot be read: %(reason)s") % {"path": path, "reason": exc.strerror}) from exc
    if header and header != SQLITE_HEADER and key is None:
        if keys_path(path).exists():
            raise StoreError(_("%(path)s is encrypted; sign in with your password to open it.") % {"path": path})
        raise StoreError(_("%(path)s is not an avrcase store (it is not a SQLite database), or it is an encrypted store "
                           "whose key file %(keys)s is missing.") % {"path": path, "keys": keys_path(path).name})


def _check_read_only(path: Path) -> None:
    """Refuse a foreign SQLite file or a store of a newer avrcase before anything can write to it.

    Opening through the engine switches the journal to WAL (which rewrites the file's header), so the
    checks that may refuse run first on a read-only connection: a refused file stays byte for byte as it was.
    """
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)  # (one that leaves no side file behind)
    except sqlite3.Error:
        return  # cannot be opened read-only here (e.g. a WAL file without its -shm): the engine's checks follow
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        made_elsewhere = connection.execute(foreign_objects.QUERY).fetchall()
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            return
        raise StoreError(_("The store is not an avrcase store or is damaged: %(reason)s") % {"reason": exc}) from exc
    finally:
        connection.close()
    if tables and "alembic_version" not in tables:
        raise StoreError(_("This database holds tables that avrcase did not make; it is not an avrcase store."))
    foreign_objects.refuse(made_elsewhere)
    if revision is not None and revision != SCHEMA_HEAD:  # at head: known without importing Alembic
        from alembic.script import ScriptDirectory

        try:
            known = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
        except Exception:  # alembic raises several kinds for an unknown revision
            known = None
        if known is None:
            raise StoreError(
                _("This store was written by a newer version of avrcase (schema %(rev)s). Please update avrcase; "
                  "the store was not changed.") % {"rev": revision})


def export_sqlcipher(source: Path, target: Path, *, source_key: StoreKey | None, target_key: StoreKey | None) -> Path:
    """Copy ``source`` into a new file with ``sqlcipher_export`` (ATTACH … KEY) and check the copy's integrity.

    Encrypts a plain store (``source_key=None``), copies an encrypted one, or decrypts (``target_key=None``).
    """
    tmp = _private_partial(target)
    try:
        src = connect_sqlcipher(source, source_key)
        try:
            target_value = target_key.pragma_value() if target_key is not None else ""
            src.execute("ATTACH DATABASE ? AS export KEY ?", (str(tmp), target_value))
            src.execute("SELECT sqlcipher_export('export')")
            src.execute("DETACH DATABASE export")
        finally:
            src.close()
        dst = connect_sqlcipher(tmp, target_key)
        try:
            _keep_if_intact(dst, tmp, _("The copy of %(path)s failed its integrity check; nothing was changed.") % {"path": source})
        finally:
            dst.close()
        _publish(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _private_partial(target: Path) -> Path:
    """A new empty file beside ``target``, readable by its owner only (0600), to fill and then rename.

    A copy is never world-readable, and a kill while copying leaves a ``.partial`` file, never a
    file with a backup's name that is empty or half written.
    """
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return tmp


def _publish(tmp: Path, target: Path) -> None:
    """Flush ``tmp`` to disk and rename it to ``target`` (atomic on one file system)."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)


def _keep_if_intact(connection, target: Path, message: str) -> None:
    if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        connection.close()
        target.unlink(missing_ok=True)
        raise StoreError(message)


def backup_sqlite(source: Path, target: Path, key: StoreKey | None = None) -> Path:
    """Copy a live SQLite store through SQLite's backup API (an encrypted one keeps its key) and verify it."""
    if key is not None:
        return export_sqlcipher(source, target, source_key=key, target_key=key)
    tmp = _private_partial(target)
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                _keep_if_intact(dst, tmp, _("The backup of %(path)s failed its integrity check; nothing was changed.")
                                % {"path": source})
            finally:
                dst.close()
        finally:
            src.close()
        _publish(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def verify(engine: Engine, *, read_texts: bool = True) -> None:
    """Run SQLite's foreign key and integrity checks; raise ``StoreError`` when they find damage.

    Linear in the store's size (seconds at 100,000 cases), so not on every open: see the module docstring.
    ``read_texts`` reads every text once too (``readable_text``): not on the check after an unclean close, which
    a command run while the app has the store open pays as well."""
    with engine.connect() as connection:
        foreign_objects.refuse_in(connection)
        if not is_sqlite(engine):
            return
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        integrity = connection.exec_driver_sql("PRAGMA integrity_check").fetchone()[0]
        if connection.dialect.name == "sqlite":
            from avrcase.store import search_index

            search_index.check(connection)
        unreadable, damaged = None, damage.damaged_case_numbers(connection.exec_driver_sql) if problems else []
        if read_texts and integrity == "ok" and not problems:
            from avrcase.store.readable_text import unreadable_text

            unreadable = unreadable_text(connection.exec_driver_sql)
    if unreadable:
        raise StoreError(_("The store is damaged: some text in %(where)s cannot be read; restore a backup.")
                         % {"where": unreadable})
    if problems:
        raise StoreError(damage.broken_references_message(len(problems), damaged))
    if integrity != "ok":
        raise StoreError(_("The store is damaged (%(detail)s); restore a backup.") % {"detail": integrity})


def quick_check(engine: Engine) -> str | None:
    """SQLite's ``quick_check`` (the background check after start-up); the problem found, or ``None``."""
    if not is_sqlite(engine):
        return None
    with engine.connect() as connection:
        result = connection.exec_driver_sql("PRAGMA quick_check").fetchone()[0]
    return None if result == "ok" else str(result)


def open_store(url: str, *, upgrade: bool = True, key: StoreKey | None = None, backup_first: bool = True,
               clock: NowSource | None = None, check: bool = False, progress: Progress | None = None) -> Engine:
    """Connect to the store at ``url``, creating or migrating it; return a ready engine.

    ``key`` opens (or creates) an encrypted SQLite store; ``None`` is a plain store (and PostgreSQL).
    ``backup_first=False`` migrates without the backup copy (for a working copy that is itself a copy).
    ``clock`` (``services.clock``) is attached to the engine, so every unit of work on it takes time from
    it, and names the backup made before a migration. The full integrity checks run after a migration,
    after a crash and when ``check`` is true. ``progress`` hears of the long work of a first open after an update
    (``store.preparation``; it may stop it there by raising ``PreparationStopped``).
    """
    path = sqlite_path(url)
    existed = False
    if path is None:
        key = None
    else:
        _check_file(path, key)
        if not path.exists():  # this user's only (0644 let every account read every case); side files follow
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            note_made_here(path)
        existed = path.exists() and path.stat().st_size > 0
        if existed and key is None:
            _check_read_only(path)
        refuse_unwritable(path)
    asked, check = check, check or (existed and left_by_a_crash(path))
    engine = create_store_engine(url, key)
    if clock is not None:
        engine = engine.execution_options(**{CLOCK_OPTION: clock})
    try:
        _prepare(engine, path if existed and backup_first else None, upgrade=upgrade, key=key, clock=clock,
                 check=check, read_texts=asked, progress=progress)
    except StoreError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(_("The store cannot be opened: %(reason)s") % {"reason": exc.orig}) from exc
    except DatabaseError as exc:
        engine.dispose()
        if key is not None:
            raise StoreError(_("The key does not open this store; nothing was changed.")) from exc
        raise StoreError(_("The store is not an avrcase store or is damaged: %(reason)s") % {"reason": exc.orig}) from exc
    if path is not None and compaction_marker(path).exists() and upgrade:
        log.info("finishing a compaction that did not finish")
        compact(engine)
    return engine


def _backup_name(existing_file: Path, revision: str, clock: NowSource | None) -> Path:
    """``<store>.before-<revision>-<local time>.sqlite``, numbered on if that name is taken."""
    stamp = clock.now().astimezone().strftime("%Y%m%d-%H%M%S") if clock is not None else "copy"
    base = f"{existing_file.stem}.before-{revision}-{stamp}"
    candidate, n = existing_file.with_name(f"{base}{existing_file.suffix}"), 1
    while candidate.exists():
        n += 1
        candidate = existing_file.with_name(f"{base}-{n}{existing_file.suffix}")
    return candidate


def _prepare(engine: Engine, existing_file: Path | None, *, upgrade: bool, key: StoreKey | None = None,
             clock: NowSource | None = None, check: bool = False, read_texts: bool = True,
             progress: Progress | None = None) -> None:
    with engine.connect() as connection:  # (a plain file was looked at read-only before; an encrypted one only now)
        foreign_objects.refuse_in(connection)
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:  # the everyday case: no Alembic, no scan of the whole file
        if check:
            verify(engine, read_texts=read_texts)
        if upgrade:
            _finish_name_keys(engine, Reporter(progress, [Step.NAME_KEYS]))  # one indexed lookup when none are pending
        return
    from alembic.script import ScriptDirectory

    head = head_revision()
    script = ScriptDirectory.from_config(alembic_config())
    if revision is None:
        tables = set(inspect(engine).get_table_names())
        if tables:
            raise StoreError(_("This database holds tables that avrcase did not make; it is not an avrcase store."))
    else:
        try:
            script.get_revision(revision)
        except Exception as exc:  # alembic raises several kinds for an unknown revision
            raise StoreError(
                _("This store was written by a newer version of avrcase (schema %(rev)s). Please update avrcase; "
                  "the store was not changed.") % {"rev": revision}
            ) from exc
    backing_up = existing_file is not None and revision is not None
    # (a new store is made in about a second: nothing to report)
    report = Reporter(progress if revision is not None else None,
                      [Step.BACKUP] * backing_up + [Step.MIGRATE, Step.CHECK, Step.NAME_KEYS])
    if revision != head:
        if not upgrade:
            raise StoreError(_("The store needs an upgrade; run “avrcase db upgrade”."))
        backup = None
        if existing_file is not None and revision is not None:
            report.begin(Step.BACKUP)
            backup = _backup_name(existing_file, revision, clock)
            backup_sqlite(existing_file, backup, key)
            log.info("store backed up before migration")
        report.begin(Step.MIGRATE)
        _upgrade(engine, revision, MigrationBackup(backup, key) if backup is not None else None)
        report.begin(Step.CHECK)
    verify(engine)
    if upgrade:
        # Name keys made by older rules (or a backfill that was interrupted) are finished here,
        # one committed batch at a time; with nothing pending this is a single indexed lookup.
        _finish_name_keys(engine, report)
    report.finish()


def _finish_name_keys(engine: Engine, report: Reporter) -> None:
    """Rebuild the name keys still pending, reporting each committed batch; the last report when any were."""
    total = count_pending(engine)
    if not total:
        return
    report.begin(Step.NAME_KEYS, total)
    finish_pending(engine, on_batch=report.advance)
    report.finish()


def _upgrade(engine: Engine, before: str | None, backup: MigrationBackup | None = None) -> None:
    from alembic import command

    from avrcase.store import search_index

    config = alembic_config()
    with engine.connect() as connection:
        raw = connection.connection.driver_connection if is_sqlite(engine) else None
        if raw is not None:
            # A batch table rebuild would otherwise fire ON DELETE CASCADE and empty child tables.
            # The pragma is ignored inside a transaction, so it goes to the raw connection first.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            config.attributes["connection"] = connection
            connection.begin()  # all revisions in one (Alembic commits each on SQLite): a crash leaves the old store
            command.upgrade(config, "head")
            search_index.repair(connection)  # a batch rebuild of ``cases`` drops the index's triggers
            for hook in AFTER_UPGRADE if before is not None else ():  # on the audit trail, committed with it
                hook(connection, before, head_revision(), backup)
            connection.commit()
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
