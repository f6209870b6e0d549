"""The release register: every protected statistics table that left the office, so later ones stay consistent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from avrcase.store.base import Base, UTCDateTime, utcnow


class StatisticsRelease(Base):
    """One table published in a release: what was counted, over which period, how it was protected.

    ``hidden`` is the JSON list of the keys that were suppressed (codes and ``TOTAL``; no person);
    ``categories`` the JSON list of each dimension's categories, as published; ``figures`` what it showed. No foreign keys: the
    register outlives accounts and cases, like the audit trail.
    """

    __tablename__ = "statistics_releases"
    __table_args__ = (Index("ix_statistics_releases_measure_period", "measure", "date_from", "date_to"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Tables published together share one release number.
    release: Mapped[str] = mapped_column(String(36), index=True)
    released_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_by: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200), default="")
    measure: Mapped[str] = mapped_column(String(24))
    dimensions: Mapped[str] = mapped_column(String(200))
    date_from: Mapped[dt.date] = mapped_column(Date)
    date_to: Mapped[dt.date] = mapped_column(Date)
    project: Mapped[str | None] = mapped_column(String(120))
    #: "linked-suppression", "exact-transmission" (Eurostat) or "k-anonymity" (record-level export).
    method: Mapped[str] = mapped_column(String(32))
    min_cell: Mapped[int] = mapped_column()
    round5: Mapped[bool] = mapped_column(default=False)
    #: The random seed or key fingerprint of a perturbative method; none for suppression.
    seed: Mapped[str | None] = mapped_column(String(64))
    categories: Mapped[str] = mapped_column(Text, default="[]")
    hidden: Mapped[str] = mapped_column(Text, default="[]")
    #: The JSON list of the figures the table showed, in table order (``null`` where hidden); for a record-level
    #: file its rows by month. Counts, never a person; ``None`` for rows registered before it was kept (0026).
    figures: Mapped[str | None] = mapped_column(Text)
