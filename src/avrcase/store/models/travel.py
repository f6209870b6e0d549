"""Travel logistics (issue #4): travel documents and visas per person, one itinerary per case.

The itinerary is the editable aggregate (``version_id_col``): its travellers, segments with tickets
per traveller, assistance on the way, needs per traveller, excess baggage and in-land transport are
saved together. Segment times are stored as UTC instants with the IANA zone of each end, so the
local timetable time is recovered exactly; money is ``Numeric`` plus an ISO 4217 currency.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avrcase.store.base import Base, UTCDateTime, utcnow
from avrcase.store.models.people import Person

AMOUNT = Numeric(12, 2)


class TravelDocumentRecord(Base):
    """A passport, national ID or travel certificate of one person, and where it is."""

    __tablename__ = "travel_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20), default="needed")
    number: Mapped[str] = mapped_column(String(40), default="")
    issuing_authority: Mapped[str] = mapped_column(String(200), default="")
    requested_on: Mapped[dt.date | None] = mapped_column(Date)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    handed_over_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[Person] = relationship()

    __mapper_args__ = {"version_id_col": version}


class VisaRecord(Base):
    """A visa one person needs for a transit country."""

    __tablename__ = "visas"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(20), default="needed")
    number: Mapped[str] = mapped_column(String(40), default="")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Itinerary(Base):
    """The journey of one case, door to door, with everything arranged around it."""

    __tablename__ = "itineraries"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    #: First departure as an instant and as the local day at the place of departure (for the board).
    departure_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    departure_date: Mapped[dt.date | None] = mapped_column(Date)
    arrival_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    split_reason: Mapped[str] = mapped_column(Text, default="")
    excess_baggage_kg: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))
    excess_baggage_cost: Mapped[Decimal | None] = mapped_column(AMOUNT)
    excess_baggage_currency: Mapped[str] = mapped_column(String(3), default="")
    inland_mode: Mapped[str] = mapped_column(String(16), default="")
    inland_provider: Mapped[str] = mapped_column(String(200), default="")
    inland_destination: Mapped[str] = mapped_column(String(200), default="")
    inland_cost: Mapped[Decimal | None] = mapped_column(AMOUNT)
    inland_currency: Mapped[str] = mapped_column(String(3), default="")
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    departed_on: Mapped[dt.date | None] = mapped_column(Date)
    #: When the journey a travel paper prints last changed (``services.travel.journey``); a paper issued before it
    #: is out of date. ``None``: not changed since it was booked, or booked before this was kept (0028).
    journey_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    travellers: Mapped[list[ItineraryTraveller]] = relationship(
        back_populates="itinerary", cascade="all, delete-orphan", order_by="ItineraryTraveller.position")
    segments: Mapped[list[SegmentRecord]] = relationship(
        back_populates="itinerary", cascade="all, delete-orphan", order_by="SegmentRecord.position")
    assistance: Mapped[list[AssistanceRecord]] = relationship(
        back_populates="itinerary", cascade="all, delete-orphan", order_by="AssistanceRecord.position")

    __mapper_args__ = {"version_id_col": version}
    # The departures board by day; the statistics' confirmed departures in a period, with their cases (#14).
    __table_args__ = (Index("ix_itineraries_departure_date", "departure_date"),
                      Index("ix_itineraries_departed_case", "departed_on", "case_id"))


class ItineraryTraveller(Base):
    """A household member who travels on the itinerary, with what they need on the way."""

    __tablename__ = "itinerary_travellers"

    id: Mapped[int] = mapped_column(primary_key=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    wheelchair: Mapped[str] = mapped_column(String(4), default="")
    #: Comma-separated ``MedicalNeed`` values.
    medical: Mapped[str] = mapped_column(String(120), default="")
    fit_to_travel_on: Mapped[dt.date | None] = mapped_column(Date)

    itinerary: Mapped[Itinerary] = relationship(back_populates="travellers")

    __table_args__ = (
        UniqueConstraint("itinerary_id", "person_id", name="uq_itinerary_travellers_itinerary_person"),
    )


class SegmentRecord(Base):
    """One leg of the journey; times as UTC instants plus the zone of each end."""

    __tablename__ = "itinerary_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    mode: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(200))
    destination: Mapped[str] = mapped_column(String(200))
    origin_tz: Mapped[str] = mapped_column(String(64))
    destination_tz: Mapped[str] = mapped_column(String(64))
    #: Whether the officer chose the zones (kept as typed) or they came from the airport directory.
    zones_entered: Mapped[bool] = mapped_column(default=False)
    departure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    arrival_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    carrier: Mapped[str] = mapped_column(String(60), default="")
    service_number: Mapped[str] = mapped_column(String(12), default="")
    booking_reference: Mapped[str] = mapped_column(String(20), default="")
    fare: Mapped[Decimal | None] = mapped_column(AMOUNT)
    fare_currency: Mapped[str] = mapped_column(String(3), default="")

    itinerary: Mapped[Itinerary] = relationship(back_populates="segments")
    tickets: Mapped[list[TicketRecord]] = relationship(
        back_populates="segment", cascade="all, delete-orphan", order_by="TicketRecord.id")


class TicketRecord(Base):
    """The ticket number of one traveller on one segment."""

    __tablename__ = "itinerary_tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("itinerary_segments.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(40))

    segment: Mapped[SegmentRecord] = relationship(back_populates="tickets")

    __table_args__ = (UniqueConstraint("segment_id", "person_id", name="uq_itinerary_tickets_segment_person"),)


class AssistanceRecord(Base):
    """Departure, transit or reception assistance, or an escort, requested for the journey."""

    __tablename__ = "itinerary_assistance"

    id: Mapped[int] = mapped_column(primary_key=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(24))
    place: Mapped[str] = mapped_column(String(200), default="")
    office: Mapped[str] = mapped_column(String(200), default="")
    notified_on: Mapped[dt.date | None] = mapped_column(Date)
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    escort_name: Mapped[str] = mapped_column(String(100), default="")

    itinerary: Mapped[Itinerary] = relationship(back_populates="assistance")
