"""The audit trail: append-only entries, each chained to the one before by a SHA-256 hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from avrcase.store.base import Base, UTCDateTime


class AuditEntry(Base):
    """One thing that happened: who, when, what, on which record, and the field changes (JSON).

    No foreign keys: an entry outlives the record it names, and the trail never cascades.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_case_seq", "case_id", "seq"),
        Index("ix_audit_entries_user_seq", "user_id", "seq"),
        # An account's own entries (its role on record, read at every sign-in: services.accounts.recorded_role).
        Index("ix_audit_entries_entity_seq", "entity", "entity_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(default=None)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(default=None)
    case_id: Mapped[int | None] = mapped_column(default=None)
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    #: HMAC of ``hash`` under the audit key of the computer that wrote it (``services.audit_seals``), on the
    #: last entry of a transaction; not part of the chain. ``seal_key`` names that key.
    seal: Mapped[str | None] = mapped_column(String(64), default=None)
    seal_key: Mapped[str | None] = mapped_column(String(16), default=None)
