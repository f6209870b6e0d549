"""A store's schema upgrade on the audit trail: one ``store_upgraded`` entry per upgrade, by the system, saying from
which schema to which and with which avrcase version, written in the migration's own transaction.

An auditor reading the trail otherwise saw data change shape (migration 0023 marked health copies sensitive) with
no entry saying why. A new store made at the newest schema writes none: it has no data to change. Registered with
``store.preparation.AFTER_UPGRADE`` on import (``services.uow`` imports this module, so every opener has it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from avrcase import __version__
from avrcase.services import audit
from avrcase.services.clock import clock_of
from avrcase.services.permissions import SYSTEM
from avrcase.store.preparation import AFTER_UPGRADE, MigrationBackup


def record_upgrade(connection: Connection, before: str, after: str, backup: MigrationBackup | None = None) -> None:
    """Chain the entry in the migration's transaction: committed with the new schema, or rolled back with it. The
    copy made before the migration (``backup``) is recorded in it and noted on this computer, like every backup
    made here: restoring it is then checked against where its trail ended (``backup_records``, ``backup_notes``)."""
    with Session(bind=connection) as session:  # joins the transaction; closing it leaves that to the migration
        extra: dict[str, Any] = {}
        if backup is not None:
            # Imported here: every command imports this module (through the unit of work), and the backup code
            # brings SQLCipher's driver with it (~6 ms at each start, #14); only an update with a copy needs it.
            from avrcase.services.backup import backup_notes, backup_records

            extra["backup"] = record = backup_records.record_of_file(backup.path, backup.key)
            backup_notes.note(backup.path.name, record["trail_first"], record["trail_end"],
                              clock_of(session).now().astimezone(dt.timezone.utc).isoformat())
        audit.record(session, SYSTEM, audit.Action.STORE_UPGRADED, entity="store", from_schema=before,
                     to_schema=after, version=__version__, **extra)
        audit.write_pending(session, audit.take_pending(session))


if record_upgrade not in AFTER_UPGRADE:
    AFTER_UPGRADE.append(record_upgrade)
