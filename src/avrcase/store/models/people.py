"""People: principal applicants and household members, as their documents write them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from avrcase.store.base import Base, UTCDateTime, utcnow


class Person(Base):
    """One person; a person belongs to exactly one case."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_name: Mapped[str] = mapped_column(String(100), default="")
    given_names: Mapped[str] = mapped_column(String(100), default="")
    #: Father's name where the person's naming custom has one (optional).
    patronymic: Mapped[str] = mapped_column(String(100), default="", server_default="")
    family_name_original: Mapped[str] = mapped_column(String(100), default="")
    given_names_original: Mapped[str] = mapped_column(String(100), default="")
    sex: Mapped[str] = mapped_column(String(1))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    dob_estimated: Mapped[bool] = mapped_column(default=False)
    citizenship: Mapped[str] = mapped_column(String(2))
    country_of_birth: Mapped[str] = mapped_column(String(2), default="")
    languages: Mapped[str] = mapped_column(String(120), default="")
    document_type: Mapped[str] = mapped_column(String(32), default="none")
    document_number: Mapped[str] = mapped_column(String(40), default="")
    document_number_norm: Mapped[str] = mapped_column(String(40), default="", index=True)
    document_issuing_country: Mapped[str] = mapped_column(String(2), default="")
    document_expiry: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    #: Folded Latin form of every name (see ``domain.names.fold``), for search.
    search_key: Mapped[str] = mapped_column(String(400), default="")
    #: Which rules made this person's rows in ``person_name_keys`` (see ``store.name_key_backfill``).
    name_keys_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_persons_date_of_birth", "date_of_birth"),
                      Index("ix_persons_name_keys_version", "name_keys_version"))


class PersonNameKey(Base):
    """One phonetic key (or ``~skeleton``) of a word of a person's name, for search and the duplicate check.

    Derived from the person's names by ``domain.name_matching.person_search_keys``; written with Core
    statements (not audited: it repeats what the person's row records).
    """

    __tablename__ = "person_name_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))

    __table_args__ = (Index("ix_person_name_keys_key_person", "key", "person_id"),
                      # A person's keys read from the index alone: the search's spelling-alike lookup reads the
                      # keys of every person sharing a consonant skeleton (migration 0021).
                      Index("ix_person_name_keys_person_key", "person_id", "key"))
