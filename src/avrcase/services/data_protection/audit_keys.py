"""The audit keys of this computer as use cases: see them, hand the sealing key to another computer of the
office, take one from it (``services.audit_seals`` keeps the keys and checks the seals).

Showing takes ``audit.view``; exporting and importing a key are an administrator's (``store.maintain``), and
both are on the audit trail with the key's id (never the key).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from avrcase.services import audit, audit_checkpoint, audit_seals
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require


@dataclass(frozen=True)
class AuditKeys:
    """This computer's sealing key id (``None`` before its first write), the other keys it holds, the file, and
    the keys it held that the file no longer holds (lost: the file went missing or was replaced)."""

    sealing: str | None
    others: tuple[str, ...]
    path: Path
    lost: tuple[str, ...] = ()


def show_keys(session: Session, actor: Actor | None) -> AuditKeys:
    """The audit keys of this computer, the lost ones too (``audit verify`` warns about those)."""
    require(actor, Permission.AUDIT_VIEW)
    sealing, others = audit_seals.key_ids()
    return AuditKeys(sealing, others, audit_seals.key_file(), audit_seals.KeyRing.load().lost())


def export_key(session: Session, actor: Actor | None, target: Path) -> str:
    """Write this computer's sealing key to ``target`` (a new file, readable by this account only); its id."""
    require(actor, Permission.STORE_MAINTAIN)
    key = audit_seals.export_key(target)
    audit.record(session, actor, audit.Action.EXPORT, entity="audit_key", key_id=key, file=target.name)
    return key


def import_key(session: Session, actor: Actor | None, source: Path, *, seal_with: bool) -> str:
    """Hold the key in ``source`` to check its seals (and seal with it from now on if ``seal_with``); its id."""
    require(actor, Permission.STORE_MAINTAIN)
    key = audit_seals.import_key(source, seal_with=seal_with)
    audit.record(session, actor, audit.Action.IMPORT, entity="audit_key", key_id=key, file=source.name,
                 seal_with=seal_with)
    return key


def accept_restore(session: Session, actor: Actor | None) -> None:
    """After a restore made with other tools (a PostgreSQL dump, a copied file), take the store as it is now:
    the last entry this computer noted for it starts again from the restored chain (on the audit trail)."""
    require(actor, Permission.STORE_MAINTAIN)
    session.info[audit_seals.RESTORING] = True
    # The sign-in checkpoint was the replaced trail's: kept, it warned at every sign-in until a full verify.
    audit_checkpoint.forget(session)
    audit.record(session, actor, audit.Action.RESTORE, entity="audit_key", accepted="restored with other tools")
