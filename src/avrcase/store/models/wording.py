"""The office's own wording: per-language letterhead texts and wording files, kept in the store.

Kept in the store rather than beside the installation, so every client of an office server prints
the same texts, a backup carries them, an upgrade keeps them, and every change is on the audit trail
like any other change of the office profile.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from avrcase.store.base import Base


class OfficeLanguageText(Base):
    """What the letterhead and the itinerary say in one language; an empty field uses the profile's own."""

    __tablename__ = "office_language_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(16), unique=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    office_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    footer_note: Mapped[str] = mapped_column(Text, default="")
    emergency_phone: Mapped[str] = mapped_column(String(60), default="")
    # The data-protection texts a declaration in this language prints (migration 0018).
    controller_name: Mapped[str] = mapped_column(Text, default="", server_default="")
    dpo_address: Mapped[str] = mapped_column(Text, default="", server_default="")
    data_recipients: Mapped[str] = mapped_column(Text, default="", server_default="")
    sharing_recipients: Mapped[str] = mapped_column(Text, default="", server_default="")
    supervisory_authority: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class OfficeWordingRecord(Base):
    """For one kind of wording file and one language: the office's own file and/or its review.

    ``content`` is the office's file as JSON text (empty = the shipped file is used); ``reviewed_sha256``
    is the content hash the reviewer vouched for, so an edited or upgraded file is a draft again.
    """

    __tablename__ = "office_wordings"
    __table_args__ = (UniqueConstraint("kind", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(16))
    content: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewed_by: Mapped[str] = mapped_column(String(120), default="")
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reviewed_sha256: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
