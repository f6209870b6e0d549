"""Projects (programmes): funder, period, currency, allowance rates, reintegration caps, budget lines
and which cases belong to them.

Amounts are kept as whole minor units (cents) in ``BigInteger`` columns beside the project's ISO 4217
currency: exact on SQLite and PostgreSQL alike, summed exactly in SQL, never a float (SQLite has no
decimal type; its NUMERIC is a binary double). ``Money.from_minor_units`` turns them back into money.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avrcase.store.base import Base, UTCDateTime, utcnow


class Project(Base):
    """A programme that funds returns: its rates, caps and budget lines."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    funder: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    per_adult_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    per_child_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    per_vulnerable_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    household_cap_minor: Mapped[int | None] = mapped_column(BigInteger)
    reintegration_per_person_minor: Mapped[int | None] = mapped_column(BigInteger)
    reintegration_per_household_minor: Mapped[int | None] = mapped_column(BigInteger)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="BudgetLine.position"
    )

    __mapper_args__ = {"version_id_col": version}


class BudgetLine(Base):
    """Money a project sets aside for allowances or for reintegration support."""

    __tablename__ = "budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    #: "allowance" or "reintegration" (``domain.finance_codes.LineKind``).
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(back_populates="lines")

    __table_args__ = (
        UniqueConstraint("project_id", "name", name="uq_budget_lines_project_name"),
        Index("ix_budget_lines_project_kind", "project_id", "kind"),
    )


class ProjectCase(Base):
    """A case's membership of a project (a case belongs to at most one)."""

    __tablename__ = "project_cases"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (Index("ix_project_cases_project_id", "project_id"),)
