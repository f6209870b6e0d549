"""Reinstallation allowances: payments (a ledger with reversing entries) and entitlement overrides."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from avrcase.store.base import Base, UTCDateTime, utcnow


class AllowancePayment(Base):
    """A planned or made payment, or (``reverses_id`` set) the entry that cancels a paid one.

    Amounts are positive whole minor units; a reversal is marked by ``reverses_id``, never by a sign.
    """

    __tablename__ = "allowance_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="planned")
    planned_on: Mapped[dt.date] = mapped_column(Date)
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The household member who took the money and signs the receipt (migration 0027; a reversal keeps its
    #: original's). Payments recorded before it name the principal applicant, as their receipts did.
    paid_to_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    receipt_signed: Mapped[bool] = mapped_column(default=False)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("allowance_payments.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_allowance_payments_case_id", "case_id"),
        Index("ix_allowance_payments_budget_line_id", "budget_line_id"),
        Index("ix_allowance_payments_status_planned", "status", "planned_on"),
        Index("ix_allowance_payments_status_paid", "status", "paid_on"),  # the dashboard's payments in a period (#14)
        Index("ix_allowance_payments_paid_to_id", "paid_to_id"),  # removing a member asks whether they were paid
    )


class EntitlementOverride(Base):
    """A request to set a case's entitlement to another amount, and a manager's decision on it."""

    __tablename__ = "entitlement_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: None while pending; True approved, False declined.
    approved: Mapped[bool | None] = mapped_column()
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
