"""The document register: every PDF issued for a case, and scanned copies attached to it.

The bytes live in the store itself (see ``IssuedDocument.pdf``): a reprint reads back exactly what
was issued, a backup through SQLite's backup API (or a PostgreSQL dump) carries the files with the
rows, and there is no second folder that could drift from the database.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from avrcase.store.base import Base, UTCDateTime, utcnow


class IssuedDocument(Base):
    """A generated document, exactly as it was handed out."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    doc_type: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int]
    size: Mapped[int]
    #: Whether the copy holds vulnerability details or consultation notes (limits who may reprint it).
    sensitive: Mapped[bool] = mapped_column(default=False)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_issued_documents_case_issued", "case_id", "issued_at"),)


class Attachment(Base):
    """A scanned file (usually a signed copy) kept with a case."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    #: Whether the scan holds health or other sensitive data (opens only for roles that may see medical details).
    sensitive: Mapped[bool] = mapped_column(default=True, server_default=true())
    data: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_attachments_case_added", "case_id", "added_at"),)
