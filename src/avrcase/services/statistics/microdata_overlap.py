"""Which anonymised (record-level) files may follow earlier ones: the rule against picking people out by difference.

Each anonymised file is k-anonymous alone, but two files of overlapping periods can be compared: the rows of
January–December that are not in January–November are December's returnees, one person when December had one.
A manager still needs the normal series (EMN practice): the year after its four quarters, a quarter after its
months, the same period again, periods that do not overlap. So:

- an overlapping period must be nested (one inside the other): a period that overlaps another partly (February–
  April after the first quarter) is refused;
- where periods are nested, the months of the larger one that no released period inside it covers (the
  *remainder*, what comparing the files gives away) must be none (the year after its four quarters), or at
  least :data:`MIN_REMAINDER_MONTHS` months holding returnees of at least k households (the year after its first
  quarter). January–December after January–November leaves December alone and is refused, as is the year
  after January–June and July–November.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.errors import ValidationError
from avrcase.i18n import _
from avrcase.services.dto import Actor
from avrcase.services.statistics import counts as statistics
from avrcase.store.models import StatisticsRelease

#: The fewest months a comparison of nested files may single out (a quarter, the shortest reporting period).
MIN_REMAINDER_MONTHS = 3

Span = tuple[dt.date, dt.date]


def _months(span: Span) -> set[int]:
    start, end = span
    return set(range(start.year * 12 + start.month - 1, end.year * 12 + end.month))


def _code(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


Shown = tuple[tuple[int, ...], Counter[tuple[str, ...]], int]


def shown_groups(session: Session) -> dict[Span, list[Shown]]:
    """What each anonymised file released before showed, by period: the levels of its generalisation, its returnees
    by group (counts of codes, never a person) and its k. Files registered before these were kept (0026) have none."""
    found: dict[Span, list[Shown]] = {}
    for start, end, cell, figures in session.execute(select(
            StatisticsRelease.date_from, StatisticsRelease.date_to, StatisticsRelease.min_cell, StatisticsRelease.figures)
            .where(StatisticsRelease.kind == "microdata", StatisticsRelease.method == "k-anonymity",
                   StatisticsRelease.figures.is_not(None)).order_by(StatisticsRelease.id)):
        data = json.loads(figures or "null")
        if isinstance(data, dict):
            found.setdefault((start, end), []).append(
                (tuple(data["node"]), Counter({tuple(g[:-1]): g[-1] for g in data["groups"]}), cell))
    return found


def refusal(released: Span, new: Span, detail: str) -> ValidationError:
    """The message refusing ``new`` beside the file of ``released`` (``detail``: what comparing them singles out)."""
    return ValidationError({"date_from": _(
        "An anonymised file of %(start)s to %(end)s was released before. Comparing it with a file of %(from)s to "
        "%(to)s would single out the returnees in one and not in the other (%(detail)s): export the same period, "
        "one that does not overlap it, or one made up of whole released periods (a year after its four quarters).")
        % {"start": released[0].isoformat(), "end": released[1].isoformat(), "from": new[0].isoformat(),
           "to": new[1].isoformat(), "detail": detail}})


def comparisons(session: Session, date_from: dt.date, date_to: dt.date, k: int) -> list[tuple[Span, tuple[Span, ...], int]]:
    """The comparisons a file of ``date_from``–``date_to`` allows with the anonymised files released before: each
    larger file (``outer``) with the files nested in it that it is compared with (each alone, and the largest
    together: nested files of one period never overlap in part), one of them the new file; and the largest k of
    the files compared."""
    new: Span = (date_from, date_to)
    ks: dict[Span, int] = {new: k}
    for start, end, cell in session.execute(select(
            StatisticsRelease.date_from, StatisticsRelease.date_to, StatisticsRelease.min_cell)
            .where(StatisticsRelease.kind == "microdata", StatisticsRelease.method == "k-anonymity")):
        ks[(start, end)] = max(ks.get((start, end), 0), cell)
    found = []
    for outer in sorted(ks):
        inner = [s for s in ks if s != outer and _inside(s, outer)]
        largest = tuple(sorted(s for s in inner if not any(o != s and _inside(s, o) for o in inner)))
        for parts in dict.fromkeys([largest, *((s,) for s in sorted(inner))]):
            if parts and (outer == new or new in parts):
                found.append((outer, parts, max(ks[outer], *(ks[p] for p in parts))))
    return found


def refuse_differencing(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date, k: int) -> None:
    """Refuse the period ``date_from``–``date_to`` when, with the anonymised files released before, it would let
    a comparison single out returnees (see the module's rule); ``ValidationError`` naming the earlier file."""
    new: Span = (date_from, date_to)
    released: set[Span] = {(start, end) for start, end in session.execute(
        select(StatisticsRelease.date_from, StatisticsRelease.date_to)
        .where(StatisticsRelease.kind == "microdata", StatisticsRelease.method == "k-anonymity"))}
    for span in sorted(released):
        if span[0] <= date_to and span[1] >= date_from and not (_inside(span, new) or _inside(new, span)):
            raise refusal(span, new, _("the periods overlap in part"))
    spans = released | {new}
    for outer in [new, *sorted(s for s in released if s != new and _inside(new, s))]:
        inner = [s for s in spans if s != outer and _inside(s, outer)]
        if not inner:
            continue
        left = _months(outer) - set().union(*(_months(s) for s in inner))
        if not left:
            continue
        months = ", ".join(_code(m) for m in sorted(left))
        if len(left) < MIN_REMAINDER_MONTHS:
            detail = _("the months %(months)s, fewer than %(n)d") % {"months": months, "n": MIN_REMAINDER_MONTHS}
        else:
            units = statistics.unit_rows(session, actor, statistics.StatisticsQuery("returnees", ("month",), *outer))
            households = len({case_id for _person, case_id, (month,) in units if month in {_code(m) for m in left}})
            if households == 0 or households >= k:
                continue
            detail = _("the returnees of %(months)s, of fewer than %(k)d households") % {"months": months, "k": k}
        shown = outer if outer != new else min(inner)
        raise refusal(shown, new, detail)
