"""Consultations and the follow-up actions they promise."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avrcase.store.base import Base, UTCDateTime, utcnow
from avrcase.store.models.users import User


class Consultation(Base):
    """One counselling session with a case."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    held_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    mode: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(String(200), default="")
    interpreter_name: Mapped[str] = mapped_column(String(120), default="")
    interpreter_language: Mapped[str] = mapped_column(String(10), default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(32))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    counsellor: Mapped[User | None] = relationship(foreign_keys=[counsellor_id])
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", order_by="FollowUp.due_on"
    )

    # A case's consultations in order; the consultations of a period, counted from the index alone (#14).
    __table_args__ = (Index("ix_consultations_case_held", "case_id", "held_at"),
                      Index("ix_consultations_held_case", "held_at", "case_id"))


class FollowUp(Base):
    """An action due by a date, done or not yet."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date] = mapped_column(Date)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    consultation: Mapped[Consultation] = relationship(back_populates="follow_ups")
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])

    __table_args__ = (
        Index("ix_follow_ups_assignee_due", "assigned_to_id", "done_on", "due_on"),
        Index("ix_follow_ups_consultation_id", "consultation_id"),
    )
