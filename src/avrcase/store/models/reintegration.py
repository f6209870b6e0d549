"""Reintegration: needs assessments, plans with their revisions and items, monitoring and surveys.

Every revision of a plan keeps its own item rows, so what was agreed at each approval stays readable;
items are matched across revisions by ``key``. Survey answers are kept per indicator beside the
scores they gave, so a change of the survey file later does not rewrite history.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avrcase.store.base import Base, UTCDateTime, utcnow


class NeedsAssessment(Base):
    """What a returnee needs in the economic, social and psychosocial dimensions (one per case)."""

    __tablename__ = "needs_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    economic_need: Mapped[str] = mapped_column(String(10), default="unknown")
    social_need: Mapped[str] = mapped_column(String(10), default="unknown")
    psychosocial_need: Mapped[str] = mapped_column(String(10), default="unknown")
    economic_notes: Mapped[str] = mapped_column(Text, default="")
    social_notes: Mapped[str] = mapped_column(Text, default="")
    psychosocial_notes: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    plans: Mapped[str] = mapped_column(Text, default="")
    #: Comma-separated referral codes (``domain.finance_codes.Referral``).
    referral_needs: Mapped[str] = mapped_column(String(400), default="")
    referral_notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class ReintegrationPlanRecord(Base):
    """A case's reintegration plan: currency, project and budget line it draws on (one per case)."""

    __tablename__ = "reintegration_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id"))
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    revisions: Mapped[list[PlanRevisionRecord]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanRevisionRecord.number"
    )

    __mapper_args__ = {"version_id_col": version}


class PlanRevisionRecord(Base):
    """One version of a plan: why it was made, when drafted and approved, and by whom."""

    __tablename__ = "plan_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("reintegration_plans.id", ondelete="CASCADE"))
    number: Mapped[int]
    drafted_on: Mapped[dt.date] = mapped_column(Date)
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    plan: Mapped[ReintegrationPlanRecord] = relationship(back_populates="revisions")
    items: Mapped[list[PlanItemRecord]] = relationship(
        back_populates="revision", cascade="all, delete-orphan", order_by="PlanItemRecord.position"
    )

    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_plan_revisions_plan_number"),)


class PlanItemRecord(Base):
    """An item of one revision; proof of delivery is an attachment of the case or a note."""

    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("plan_revisions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(String(200), default="")
    modality: Mapped[str] = mapped_column(String(10), default="in_kind")
    estimated_minor: Mapped[int] = mapped_column(BigInteger)
    actual_minor: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    delivered_on: Mapped[dt.date | None] = mapped_column(Date)
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    proof_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="SET NULL"))
    proof_note: Mapped[str] = mapped_column(Text, default="")

    revision: Mapped[PlanRevisionRecord] = relationship(back_populates="items")

    __table_args__ = (
        UniqueConstraint("revision_id", "key", name="uq_plan_items_revision_key"),
        Index("ix_plan_items_status_due", "status", "due_on"),
        Index("ix_plan_items_status_delivered", "status", "delivered_on"),  # the dashboard's delivered items (#14)
    )


class MonitoringContact(Base):
    """A contact with a returnee after return: when, how, who made it and what was found."""

    __tablename__ = "monitoring_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    contacted_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    conducted_by: Mapped[str] = mapped_column(String(200), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (Index("ix_monitoring_contacts_case_on", "case_id", "contacted_on"),)


class SustainabilitySurvey(Base):
    """One reintegration sustainability survey with its scores (0..1, None when too little answered)."""

    __tablename__ = "sustainability_surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    surveyed_on: Mapped[dt.date] = mapped_column(Date)
    definition_name: Mapped[str] = mapped_column(String(200))
    # Scores are ratios, not money; a float is the right type for them.
    economic: Mapped[float | None] = mapped_column(Float)
    social: Mapped[float | None] = mapped_column(Float)
    psychosocial: Mapped[float | None] = mapped_column(Float)
    composite: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    answers: Mapped[list[SurveyAnswer]] = relationship(cascade="all, delete-orphan", order_by="SurveyAnswer.id")

    __table_args__ = (Index("ix_sustainability_surveys_case_on", "case_id", "surveyed_on"),)


class SurveyAnswer(Base):
    """The answer chosen for one indicator of a survey."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("sustainability_surveys.id", ondelete="CASCADE"))
    indicator: Mapped[str] = mapped_column(String(60))
    answer: Mapped[str] = mapped_column(String(60))

    __table_args__ = (UniqueConstraint("survey_id", "indicator", name="uq_survey_answers_survey_indicator"),)
