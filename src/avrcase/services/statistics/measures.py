"""What the statistics count: each *measure* is an SQL source of counted units, one row each, with the case,
the person the unit is about and the day of the event (registration, departure, consultation).

``services.statistics.counts`` splits them by dimensions; the dashboard's days to departure read
:func:`departure_days` too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType, SimpleNamespace

from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, case, null, or_, select, union_all

from avrcase.domain import eurostat
from avrcase.domain.stages import Stage
from avrcase.i18n import N_
from avrcase.services.statistics.sql import in_period, utc_day
from avrcase.store.models import (
    Case,
    CaseMember,
    Consultation,
    Itinerary,
    ItineraryTraveller,
    Person,
    StageChange,
)


def _registered(date_from: dt.date, date_to: dt.date) -> ColumnElement[bool]:
    return Case.registered_on.between(date_from, date_to)


#: The columns of a measure's units as ``cases`` holds them (``Measure.cases_where``).
CASE_UNITS = SimpleNamespace(c=SimpleNamespace(case_id=Case.id, person_id=Case.principal_id, event_at=Case.registered_on))


def _cases_source(date_from: dt.date, date_to: dt.date) -> Select:
    units = CASE_UNITS.c
    return (select(units.case_id.label("case_id"), units.person_id.label("person_id"), units.event_at.label("event_at"))
            .where(_registered(date_from, date_to)))


def _confirmed(date_from: dt.date, date_to: dt.date) -> Select:
    # A departure confirmed in the period, on its recorded day: the case's itinerary (one a case).
    return (select(Itinerary.case_id.label("case_id"), Itinerary.departed_on.label("departed_on"),
                   Itinerary.departed_on.label("day")).where(Itinerary.departed_on.between(date_from, date_to)))


def _moved(date_from: dt.date, date_to: dt.date) -> Select:
    # A case moved to "departed" in the period without a confirmed itinerary (by hand, or imported), on the UTC
    # day of the move.
    confirmed_elsewhere = (select(Itinerary.id).where(Itinerary.case_id == StageChange.case_id,
                                                      Itinerary.departed_on.is_not(None)).exists())
    return (select(StageChange.case_id.label("case_id"), null().label("departed_on"),
                   utc_day(StageChange.changed_at).label("day"))
            .where(StageChange.to_stage == Stage.DEPARTED.value, in_period(StageChange.changed_at, date_from, date_to),
                   ~confirmed_elsewhere))


def departure_days(date_from: dt.date, date_to: dt.date, *case_columns) -> CompoundSelect:
    """Every case that left from ``date_from`` to ``date_to``, once, with its day of departure: the day
    recorded when the departure was confirmed (``Itinerary.departed_on``), else — a case moved to
    "departed" by hand or imported without a confirmed itinerary — the UTC day of its move to "departed"
    (a case reaches "departed" once: no stage leads back to it). Columns: ``case_id, departed_on`` (None
    without a confirmed itinerary) ``, day`` and the labelled ``case_columns`` read from each case (by
    default its ``principal_id``)."""
    columns = case_columns or (Case.principal_id.label("principal_id"),)
    return union_all(_confirmed(date_from, date_to).add_columns(*columns).join(Case, Case.id == Itinerary.case_id),
                     _moved(date_from, date_to).add_columns(*columns).join(Case, Case.id == StageChange.case_id))


def _departures(date_from: dt.date, date_to: dt.date) -> Select:
    # A return is a case that left, counted once on its day of departure (the days of ``departure_days``). Its
    # principal is read only where a count asks for the person: joining ``cases`` in each branch for it joined
    # ``cases`` twice in a count by the case's own columns (about a third of the query, #14).
    departed = union_all(_confirmed(date_from, date_to), _moved(date_from, date_to)).subquery("departed")
    case = Case.__table__.alias("departed_case")  # its own name: never correlated with a count's ``cases``
    principal = select(case.c.principal_id).where(case.c.id == departed.c.case_id).scalar_subquery()
    return select(departed.c.case_id.label("case_id"), principal.label("person_id"), departed.c.day.label("event_at"))


def _returnees(date_from: dt.date, date_to: dt.date) -> CompoundSelect:
    # Every traveller on the confirmed itinerary (a member left behind did not return); for a case with no
    # confirmed itinerary, or one naming no travellers, every member of the household. Three branches, each
    # read from its own index: the departures found once and split afterwards made both PostgreSQL and SQLite
    # check every departure for travellers, and PostgreSQL expect three times the people (#14).
    confirmed = _confirmed(date_from, date_to)
    travellers = (confirmed.with_only_columns(Itinerary.case_id.label("case_id"), ItineraryTraveller.person_id.label("person_id"),
                                              Itinerary.departed_on.label("event_at"))
                  .join(ItineraryTraveller, ItineraryTraveller.itinerary_id == Itinerary.id))
    has_travellers = select(ItineraryTraveller.id).where(ItineraryTraveller.itinerary_id == Itinerary.id).exists()
    nobody_named = (confirmed.with_only_columns(Itinerary.case_id.label("case_id"), CaseMember.person_id.label("person_id"),
                                                Itinerary.departed_on.label("event_at"))
                    .join(CaseMember, CaseMember.case_id == Itinerary.case_id).where(~has_travellers))
    moved = _moved(date_from, date_to).subquery("moved")
    by_hand = (select(moved.c.case_id.label("case_id"), CaseMember.person_id.label("person_id"), moved.c.day.label("event_at"))
               .join(CaseMember, CaseMember.case_id == moved.c.case_id))
    return union_all(travellers, nobody_named, by_hand)


def _consultations(date_from: dt.date, date_to: dt.date) -> Select:
    # The person is the case's principal, read only where a dimension uses it: a subquery column nobody
    # reads is dropped (SQLite and PostgreSQL alike), so a total counts the period's index range alone
    # (#14: 59 → 6 ms for a year at 100,000 cases; a join to the cases could not be left out).
    principal = select(Case.principal_id).where(Case.id == Consultation.case_id).scalar_subquery()
    return (select(Consultation.case_id.label("case_id"), principal.label("person_id"),
                   Consultation.held_at.label("event_at"))
            .where(in_period(Consultation.held_at, date_from, date_to)))


def _ordered_returns(date_from: dt.date, date_to: dt.date) -> Select:
    # Eurostat's migr_eirtn: third-country nationals who left following an order to leave, counted on
    # the recorded day of departure, each traveller once (a member left behind did not return).
    return (select(Itinerary.case_id.label("case_id"), ItineraryTraveller.person_id.label("person_id"),
                   Itinerary.departed_on.label("event_at"))
            .join(ItineraryTraveller, ItineraryTraveller.itinerary_id == Itinerary.id)
            .join(Case, Case.id == Itinerary.case_id)
            .join(Person, Person.id == ItineraryTraveller.person_id)
            .where(Itinerary.departed_on.between(date_from, date_to), *_ordered_to_leave()))


def _ordered_to_leave() -> tuple[ColumnElement[bool], ...]:
    """What makes a traveller who left an ordered return (besides leaving on a confirmed itinerary)."""
    return (or_(Case.return_decision_date.is_not(None), Case.return_decision_number != ""),
            Case.legal_status.not_in(sorted(eurostat.NOT_ORDERED_TO_LEAVE)),
            Person.citizenship.not_in(sorted(eurostat.EU_EEA_CH)))


def ordered_among_returnees(rows) -> ColumnElement[str]:
    """For a unit of ``returnees`` (``rows``: its source, with its case and person joined): "1" when it counts
    among the ordered returns too (a traveller on the case's confirmed itinerary, ordered to leave), else "0"."""
    travelled = (select(ItineraryTraveller.id).join(Itinerary, Itinerary.id == ItineraryTraveller.itinerary_id)
                 .where(Itinerary.case_id == rows.c.case_id, Itinerary.departed_on.is_not(None),
                        ItineraryTraveller.person_id == rows.c.person_id).exists())
    return case((and_(travelled, *_ordered_to_leave()), "1"), else_="0")


@dataclass(frozen=True)
class Measure:
    """What is counted: ``source(date_from, date_to)`` selects ``case_id, person_id, event_at`` per unit."""

    name: str
    label: str
    source: Callable[[dt.date, dt.date], Select | CompoundSelect]
    #: Each unit is a case of its own (counted once): its contributor. Else the measure counts persons or
    #: events, and the case (the household) behind them is the contributor a published figure needs k of.
    per_case: bool = False
    #: The units are rows of ``cases`` itself, those meeting ``cases_where(date_from, date_to)``: the counts read
    #: ``cases`` once, not ``source`` joined back to ``cases`` for a dimension of the case (#14).
    cases_where: Callable[[dt.date, dt.date], ColumnElement[bool]] | None = None


#: A narrower measure -> the wider one that counts its units too: released tables of both are protected together.
WIDER: Mapping[str, str] = MappingProxyType({"ordered_returns": "returnees"})

MEASURES: Mapping[str, Measure] = MappingProxyType({m.name: m for m in (
    Measure("cases", N_("Cases registered"), _cases_source, per_case=True, cases_where=_registered),
    Measure("returns", N_("Returns (departures confirmed)"), _departures, per_case=True),
    Measure("returnees", N_("Returnees (persons departed)"), _returnees),
    Measure("consultations", N_("Consultations held"), _consultations),
    Measure("ordered_returns", N_("Third-country nationals returned following an order to leave"), _ordered_returns),
)})
