"""Opening a store: refuse foreign or newer files, back up, migrate with Alembic, verify.

``open_store`` is what the app and the CLI call; it returns a ready engine or raises ``StoreError``
with a message a person can act on.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DatabaseError, OperationalError

from avrcase.domain.errors import StoreError
from avrcase.i18n import _
from avrcase.store.engine import create_store_engine, is_sqlite, sqlite_path

log = logging.getLogger(__name__)
SQLITE_HEADER = b"SQLite format 3\x00"


def alembic_config() -> Config:
    """Alembic configuration pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", "avrcase.store:migrations")
    return config


def head_revision() -> str:
    """The newest schema revision this version of the app knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, ``None`` for an empty store."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _check_file(path: Path) -> None:
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
    if header and header != SQLITE_HEADER:
        raise StoreError(_("%(path)s is not an avrcase store (it is not a SQLite database).") % {"path": path})


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite store through SQLite's backup API and verify the copy."""
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if result != "ok":
        target.unlink(missing_ok=True)
        raise StoreError(_("The backup of %(path)s failed its integrity check; nothing was changed.") % {"path": source})
    return target


def verify(engine: Engine) -> None:
    """Run SQLite's foreign key and integrity checks; raise ``StoreError`` when they find damage."""
    if not is_sqlite(engine):
        return
    with engine.connect() as connection:
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        integrity = connection.exec_driver_sql("PRAGMA integrity_check").fetchone()[0]
    if problems:
        raise StoreError(_("The store has %(n)d broken references between records; restore a backup.") % {"n": len(problems)})
    if integrity != "ok":
        raise StoreError(_("The store is damaged (%(detail)s); restore a backup.") % {"detail": integrity})


def open_store(url: str, *, upgrade: bool = True) -> Engine:
    """Connect to the store at ``url``, creating or migrating it; return a verified engine."""
    path = sqlite_path(url)
    existed = False
    if path is not None:
        _check_file(path)
        existed = path.exists() and path.stat().st_size > 0
    engine = create_store_engine(url)
    try:
        _prepare(engine, path if existed else None, upgrade=upgrade)
    except StoreError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(_("The store cannot be opened: %(reason)s") % {"reason": exc.orig}) from exc
    except DatabaseError as exc:
        engine.dispose()
        raise StoreError(_("The store is not an avrcase store or is damaged: %(reason)s") % {"reason": exc.orig}) from exc
    return engine


def _prepare(engine: Engine, existing_file: Path | None, *, upgrade: bool) -> None:
    head = head_revision()
    script = ScriptDirectory.from_config(alembic_config())
    revision = current_revision(engine)
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
    if revision != head:
        if not upgrade:
            raise StoreError(_("The store needs an upgrade; run “avrcase db upgrade”."))
        if existing_file is not None and revision is not None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = existing_file.with_name(f"{existing_file.stem}.before-{revision}-{stamp}{existing_file.suffix}")
            backup_sqlite(existing_file, backup)
            log.info("store backed up before migration")
        _upgrade(engine)
    verify(engine)


def _upgrade(engine: Engine) -> None:
    config = alembic_config()
    with engine.connect() as connection:
        raw = connection.connection.driver_connection if is_sqlite(engine) else None
        if raw is not None:
            # A batch table rebuild would otherwise fire ON DELETE CASCADE and empty child tables.
            # The pragma is ignored inside a transaction, so it goes to the raw connection first.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
