"""Figures an earlier release showed that have changed since: their change is a table of its own.

A departure recorded late moves into a period already published; the next release of that period shows the
new figure beside the one the earlier release showed, and the intruder reads the difference: two returnees, one
household, pinned. The release register keeps what each release showed (``LinkedTable.shown_then``). Here an
earlier figure that changed since is no longer taken as a figure of today's table (:func:`as_published`); instead
its change, today's value less what was shown, is kept from being bounded inside 1..k−1 (or −(k−1)..−1) by any
figure of the new tables that counts the same units, more of them or fewer (:func:`targets`, :func:`exposures`).
``domain.release`` then hides further figures of the new tables (with secondary suppression) exactly as for a
small figure, and refuses with :func:`conflict` when that cannot be made safe. A change of 0 or of k and more is
shown: year-to-date series and corrections of whole groups go on being published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from avrcase.domain.disclosure import CellStatus
from avrcase.domain.exposure import Earlier, Exposure, Target
from avrcase.domain.feasible import feasible
from avrcase.i18n import _

if TYPE_CHECKING:
    from avrcase.domain.highs import Rows
    from avrcase.domain.release import IntruderModel, LinkedTable


def as_published(tables: Sequence[LinkedTable]) -> list[LinkedTable]:
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


def targets(model: IntruderModel) -> list[Target]:
    """The changes to keep from being bounded: each changed figure of an earlier table against itself and against
    every figure of a new table that sums the same units, a part of them or more."""
    found: dict[tuple[frozenset[int], int], Target] = {}
    new = [(t, linked) for t, linked in enumerate(model.tables) if not linked.published]
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
                    if units and inside:
                        found.setdefault((frozenset(units), value), Target(t, other, "", units, k, was))
    return list(found.values())


def exposures(model: IntruderModel, checked: Sequence[Target], a: Rows, low: Sequence[float],
              high: Sequence[float]) -> list[Exposure]:
    """The changes of 1 to k−1 (either way) that the shown figures bound inside 1..k−1 (or −(k−1)..−1)."""
    points = [p for p in model.points if feasible(p, a, low, high)]
    found = []
    for target in checked:
        assert target.was is not None
        k, (was_low, was_high) = target.min_cell, target.was.known()
        change = sum(model.truth[u] for u in target.members) - target.was.value
        if not 1 <= abs(change) <= k - 1:
            continue
        # The values the figure must stay within to give the change away; a point outside settles it.
        zone = (was_high + 1, was_low + k - 1) if change > 0 else (was_high - k + 1, was_low - 1)
        if any(not zone[0] <= sum(p[u] for u in target.members) <= zone[1] for p in points):
            continue
        lo, hi = model.bounds(target.members, a, low, high, enough=zone[1] + 1, points=points)
        if hi < zone[1] + 1 and zone[0] <= lo:
            found.append(Exposure(target, change, lo - was_high, hi - was_low))
    model.points = points
    return found


def conflict(tables: Sequence[LinkedTable], target: Target) -> str:
    """The one sentence refusing a release that would give away how a figure of an earlier one has changed."""
    assert target.was is not None
    return _("These tables would show by how much a figure of the earlier release %(release)s has changed since "
             "(by fewer than %(k)d): publish a period that release does not cover, or fewer tables at once.") % {
        "release": tables[target.was.table].label or target.was.table, "k": target.min_cell}
