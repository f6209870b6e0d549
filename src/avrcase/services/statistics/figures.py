"""Statistics that are not counts by category: durations and, as other areas land, sums and means.

Each figure is a function ``(session, actor, date_from, date_to, project) -> KeyFigure``; the
dashboard lists them in ``services.dashboard.FIGURES``. Allowances paid, reintegration items and
sustainability scores (#5) are such functions too, in ``services.statistics_finance``.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_number
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics.counts import case_project
from avrcase.services.statistics.measures import departure_days
from avrcase.services.statistics.sql import days_between
from avrcase.store.models import Case


@dataclass(frozen=True)
class KeyFigure:
    """One number of the dashboard with its label, its text as shown and an optional detail line."""

    name: str
    label: str
    text: str
    detail: str = ""
    #: The number behind ``text`` (``None`` when there is nothing to measure), for tests and sorting.
    value: float | None = None
    #: How many units (cases, payments…) the figure is drawn from, where that matters for disclosure.
    units: int | None = None
    #: The detail as a published report prints it: without the number of units (a count the report's
    #: tables may hide, e.g. the returns of the period).
    public_detail: str = ""


@dataclass(frozen=True)
class Quartiles:
    """The lower quartile, median and upper quartile of some values, and how many there were."""

    q1: float
    median: float
    q3: float
    n: int


def quartiles(values: list[float]) -> Quartiles | None:
    """Quartiles by the inclusive method (a single value is its own quartiles); ``None`` for no values."""
    if not values:
        return None
    if len(values) == 1:
        return Quartiles(values[0], values[0], values[0], 1)
    q1, median, q3 = pystats.quantiles(values, n=4, method="inclusive")
    return Quartiles(q1, median, q3, len(values))


def days_to_departure(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date,
                      project: str | None = None) -> Quartiles | None:
    """Days from registration to departure of the cases that left in the period (on the recorded day of departure)."""
    require(actor, Permission.STATISTICS_VIEW)
    # Counted by number of days in SQL: a few hundred rows, not one per departure (16,000 a year at 100,000
    # cases, about 50 ms of Python each time the dashboard opened, #14).
    columns = [Case.registered_on.label("registered_on")]
    if project is not None:
        columns.append(case_project().label("project"))
    departed = departure_days(date_from, date_to, *columns).subquery("departed")
    days = days_between(departed.c.day, departed.c.registered_on).label("days")
    stmt = select(days, func.count()).group_by(days)
    if project is not None:
        stmt = stmt.where(departed.c.project == project)
    values: list[float] = []
    for between, n in session.execute(stmt):
        values.extend([float(max(0, between))] * n)
    return quartiles(values)


def _days_figure(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date,
                 project: str | None) -> KeyFigure:
    found = days_to_departure(session, actor, date_from, date_to, project)
    label = _("Days from registration to departure")
    if found is None:
        return KeyFigure("days_to_departure", label, "—", _("no departures in the period"), units=0)
    detail = _("median; half of the cases took %(q1)s to %(q3)s days") % {
        "q1": format_number(round(found.q1)), "q3": format_number(round(found.q3))}
    public = detail
    detail += " · " + ngettext("%(n)s departure", "%(n)s departures", found.n) % {"n": format_number(found.n)}
    return KeyFigure("days_to_departure", label, format_number(round(found.median)), detail, found.median,
                     found.n, public)


Figure = Callable[[Session, Actor | None, dt.date, dt.date, str | None], KeyFigure]


def days_figure(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date,
                project: str | None = None) -> KeyFigure:
    """The median days from registration to departure, with the quartiles in the detail line."""
    return _days_figure(session, actor, date_from, date_to, project)
