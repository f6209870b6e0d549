"""Cases, their household members, vulnerabilities, stage history and number sequence."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avrcase.store.base import Base, UTCDateTime, utcnow
from avrcase.store.models.people import Person
from avrcase.store.models.users import User


class Case(Base):
    """An AVRR case: one person or a household returning together."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    principal_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    legal_status: Mapped[str] = mapped_column(String(40))
    referral_source: Mapped[str] = mapped_column(String(40))
    country_of_return: Mapped[str] = mapped_column(String(2))
    final_destination: Mapped[str] = mapped_column(String(200), default="")
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    project: Mapped[str] = mapped_column(String(120), default="")
    return_decision_number: Mapped[str] = mapped_column(String(60), default="")
    return_decision_date: Mapped[dt.date | None] = mapped_column(Date)
    approval_status: Mapped[str] = mapped_column(String(20), default="not_requested")
    approval_date: Mapped[dt.date | None] = mapped_column(Date)
    approval_reference: Mapped[str] = mapped_column(String(60), default="")
    consent_given_on: Mapped[dt.date | None] = mapped_column(Date)
    consent_given_by: Mapped[str | None] = mapped_column(String(32))
    consent_legal_basis: Mapped[str | None] = mapped_column(String(32))
    consent_shared_with: Mapped[str] = mapped_column(String(400), default="")
    #: The separate, optional consent to sharing with third parties: True yes, False no, None not asked.
    consent_sharing: Mapped[bool | None] = mapped_column(nullable=True)
    stage: Mapped[str] = mapped_column(String(32), default="registered")
    closure_reason: Mapped[str | None] = mapped_column(String(32))
    registered_on: Mapped[dt.date] = mapped_column(Date)
    stage_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    household_size: Mapped[int] = mapped_column(default=1)
    #: Vulnerabilities recorded before they were per person (migration 0015) wait for a counsellor to
    #: check which member each belongs to; saving the case form clears it.
    vulnerabilities_to_review: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Case number, document numbers and folded names of every member, for search-as-you-type.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The principal's folded family and given names: the case list sorts by name straight off an index.
    sort_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    principal: Mapped[Person] = relationship(foreign_keys=[principal_id])
    counsellor: Mapped[User | None] = relationship(foreign_keys=[counsellor_id])
    members: Mapped[list[CaseMember]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseMember.position"
    )
    vulnerabilities: Mapped[list[CaseVulnerability]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseVulnerability.code"
    )
    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="StageChange.changed_at"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_cases_stage_registered", "stage", "registered_on"),
        Index("ix_cases_counsellor_id", "counsellor_id"),
        Index("ix_cases_country_of_return", "country_of_return"),
        Index("ix_cases_registered_on", "registered_on"),
        Index("ix_cases_sort_name", "sort_name", "id"),
        Index("ix_cases_stage_sort_name", "stage", "sort_name", "id"),
        Index("ix_cases_project", "project"),  # the dashboard's project filter (migration 0021)
        # PostgreSQL only, the dashboard figures' covering index (migration 0025): declared in store/server_indexes.py,
        # because its INCLUDE option loads PostgreSQL's dialect, which a start on SQLite should not pay for.
    )


class CaseMember(Base):
    """A person in a case (the principal applicant too, at position 0)."""

    __tablename__ = "case_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    relationship_to_principal: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=0)

    case: Mapped[Case] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()

    __table_args__ = (
        UniqueConstraint("case_id", "person_id", name="uq_case_members_case_person"),
        # A person's cases from the index alone: the search's name-key conditions (migration 0021).
        Index("ix_case_members_person_case", "person_id", "case_id"),
    )


class CaseVulnerability(Base):
    """A vulnerability of one person of a case, with the counsellor's details."""

    __tablename__ = "case_vulnerabilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    #: The person it applies to (the principal applicant or a household member of the case).
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    details: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="vulnerabilities")
    person: Mapped[Person] = relationship()

    __table_args__ = (
        UniqueConstraint("case_id", "person_id", "code", name="uq_case_vulnerabilities_case_person_code"),
        Index("ix_case_vulnerabilities_code_case", "code", "case_id"),
        Index("ix_case_vulnerabilities_person_id", "person_id"),
    )


class StageChange(Base):
    """One move of a case from a stage to another: when, who and why."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    closure_reason: Mapped[str | None] = mapped_column(String(32))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="stage_changes")
    changed_by: Mapped[User | None] = relationship()

    # The statistics' departures without a confirmed itinerary: moves to "departed" in a period, with their cases (#14).
    __table_args__ = (Index("ix_stage_changes_to_stage_changed_case", "to_stage", "changed_at", "case_id"),)


class CaseSequence(Base):
    """The last case number issued per office and year; bumped inside the write transaction."""

    __tablename__ = "case_sequences"

    office_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)
