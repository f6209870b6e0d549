"""Figures an earlier release showed that have changed since: their change is a table of its own.

A departure recorded late moves into a period already published; the next release of that period shows the
new figure beside the one the earlier release showed, and the intruder reads the difference: two returnees, one
household, pinned. The release register keeps what each release showed (``LinkedTable.shown_then``). Here an
earlier figure that changed since is no longer taken as a figure of today's table (:func:`as_published`). Its
change, today's value less what was shown, is protected like a figure of its own: where a new table shows the same
figure, a change of 1 to k−1 is hidden there at once, in a hypercube of its table (:func:`hide_changes`, the
difference table's primary suppression); and the change must not be bounded inside 1..k−1 (or −(k−1)..−1) by any
figure of the new tables that counts the same units, more of them or fewer (:func:`targets`, :func:`exposures`).
``domain.release`` hides further figures of the new tables exactly as for a small figure, and refuses with
:func:`conflict` when that cannot be made safe. A change of 0 or of k and more is shown: year-to-date series and
corrections of whole groups go on being published.

The tables here are ``domain.release.LinkedTable`` and the model its ``IntruderModel`` (typed loosely: that module
imports this one).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from avrcase.domain.disclosure import TOTAL, CellStatus, suppress_more
from avrcase.domain.exposure import Earlier, Exposure, Target
from avrcase.domain.feasible import Point, settles, zero_points
from avrcase.domain.highs import Rows
from avrcase.i18n import _


def as_published(tables: Sequence[Any]) -> list[Any]:
    """The tables, with each earlier one's figures shown only where they were shown and still count the same."""
    found = []
    for linked in tables:
        then = linked.shown_then
        if then is not None:
            table = linked.table
            status = {key: CellStatus.SHOWN if status is CellStatus.SHOWN and then.get(key) == table.entries[key]
                      else CellStatus.SECONDARY for key, status in table.status.items()}
            linked = replace(linked, table=replace(table, status=status))
        found.append(linked)
    return found


def _figure(dimensions: Sequence[str], key: Sequence[str]) -> frozenset[tuple[str, str]]:
    """What a figure counts, whatever table it is in: its categories other than ``TOTAL``, by dimension."""
    return frozenset((d, c) for d, c in zip(dimensions, key, strict=True) if c != TOTAL)


def hide_changes(tables: Sequence[Any]) -> list[Any]:
    """The new tables with each figure that an earlier table of the same period showed, and that has changed by
    1 to k−1 since, hidden (with secondary suppression in its own table)."""
    changes: dict[tuple[Any, ...], list[int]] = {}
    for earlier in tables:
        if earlier.shown_then is not None and not earlier.table.rule.round5:
            scope = (earlier.months, earlier.project, earlier.subset)
            for key, value in earlier.shown_then.items():
                changes.setdefault((*scope, _figure(earlier.table.dimensions, key)), []).append(value)
    found = []
    for linked in tables:
        if not linked.published and changes:
            table, k = linked.table, linked.table.rule.min_cell
            scope = (linked.months, linked.project, linked.subset)
            small = [key for key, status in table.status.items() if status is CellStatus.SHOWN and any(
                1 <= abs(table.entries[key] - was) < k for was in changes.get((*scope, _figure(table.dimensions, key)), ()))]
            linked = replace(linked, table=suppress_more(table, small)) if small else linked
        found.append(linked)
    return found


def targets(model: Any) -> list[Target]:
    """The changes to keep from being bounded: each changed figure of an earlier table against itself and against
    every figure of a new table that sums the same units, a part of them or more."""
    found: dict[tuple[frozenset[int], int], Target] = {}
    new = [(t, linked) for t, linked in enumerate(model.tables) if not linked.published]
    # A new figure that a published one already showed as it stands: it and its difference with anything are old news.
    known = {frozenset(model.rows[t][key]) for t, linked in enumerate(model.tables) if linked.published
             for key, status in linked.table.status.items() if status is CellStatus.SHOWN}
    for e, earlier in enumerate(model.tables):
        if earlier.shown_then is None:
            continue
        for key, value in sorted(earlier.shown_then.items()):
            if key not in earlier.table.entries or earlier.table.entries[key] == value:
                continue
            members = frozenset(model.rows[e][key])
            was = Earlier(e, value, earlier.table.rule.round5)
            found.setdefault((members, value), Target(e, key, "", tuple(sorted(members)),
                                                      earlier.table.rule.min_cell, was))
            for t, linked in new:
                k = max(earlier.table.rule.min_cell, linked.table.rule.min_cell)
                for other, units in model.rows[t].items():
                    inside = members.issuperset(units) if len(units) <= len(members) else members.issubset(units)
                    if units and inside and (frozenset(units) not in known or units == tuple(sorted(members))):
                        found.setdefault((frozenset(units), value), Target(t, other, "", units, k, was))
    return list(found.values())


def exposures(model: Any, checked: Sequence[Target], a: Rows, low: Sequence[float], high: Sequence[float],
              solve: Callable) -> list[Exposure]:
    """The changes of 1 to k−1 (either way) that the shown figures bound inside 1..k−1 (or −(k−1)..−1).

    ``model.points`` are the points the shown figures allow (checked by ``IntruderModel.exposures`` just before); a
    point that puts a figure outside the values giving its change away settles it, as for a small figure, and one
    more point (``zero_points``, with ``solve``) is looked for first for all the open changes at once."""
    points: list[Point] = model.points
    checks = []
    for target in checked:
        assert target.was is not None
        k, (was_low, was_high) = target.min_cell, target.was.known()
        change = sum(model.truth[u] for u in target.members) - target.was.value
        if 1 <= abs(change) <= k - 1:
            # The values the figure must stay within to give the change away; a point outside settles it.
            zone = (was_high + 1, was_low + k - 1) if change > 0 else (was_high - k + 1, was_low - 1)
            checks.append((target, change, zone))

    def open_checks() -> list[tuple[Target, int, tuple[int, int]]]:
        return [(t, c, z) for t, c, z in checks
                if not any(not z[0] <= sum(p[u] for u in t.members) <= z[1] for p in points)]

    checks = open_checks()
    if checks and 0 < min(z[0] for _t, _c, z in checks):  # where every zone leaves out 0, a point at 0 settles
        points += zero_points(len(model.unknowns), [(t.members, float(z[1] + 1)) for t, _c, z in checks
                                                     if not any(settles(p, t.members, z[1] + 1) for p in points)],
                              a, low, high, solve)
        checks = open_checks()
    found = []
    for target, change, zone in checks:
        if any(not zone[0] <= sum(p[u] for u in target.members) <= zone[1] for p in points):
            continue
        lo, hi = model.bounds(target.members, a, low, high, enough=zone[1] + 1, points=points)
        if hi < zone[1] + 1 and zone[0] <= lo:
            assert target.was is not None
            known = target.was.known()
            found.append(Exposure(target, change, lo - known[1], hi - known[0]))
    return found


def old_news(model: Any, exposure: Exposure) -> bool:
    """True when ``exposure`` is a change that the published tables bound alone, with every figure of the new ones
    hidden: nothing this release shows can take it back, so it does not stop the release."""
    if exposure.target.was is None:
        return False
    alone = copy.copy(model)
    alone.tables = [t if t.published else replace(t, table=replace(t.table, status=dict.fromkeys(
        t.table.status, CellStatus.SECONDARY))) for t in model.tables]
    alone.points = []
    return bool(alone.exposures([exposure.target]))


def conflict(tables: Sequence[Any], target: Target) -> str:
    """The one sentence refusing a release that would give away how a figure of an earlier one has changed."""
    assert target.was is not None
    return _("These tables would show by how much a figure of the earlier release %(release)s has changed since "
             "(by fewer than %(k)d): publish a period that release does not cover, or fewer tables at once.") % {
        "release": tables[target.was.table].label or target.was.table, "k": target.min_cell}
