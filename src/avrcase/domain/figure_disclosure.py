"""Disclosure control for the key figures of published reports (sums and means, not counts by category).

A figure such as "allowances paid" is exact, so two reports of overlapping scope (a year and its first
eleven months; all projects and one project) give the figure of what lies in one and not in the other by
subtraction — December's one payment, to the euro. The count tables of a report are linked through the
release register by integer programming (``domain.release``); these figures are sums over units (cases)
and are protected by the blocks the published scopes cut: the units every report in a set holds and every
other report does not. A figure may be printed only when each block that the new report makes (inside it,
or an earlier block that it splits) holds no unit or at least ``k`` of them; else it is withheld.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FigureScope:
    """The period (both days included) and the project (``None``: all projects) a published figure covers."""

    date_from: dt.date
    date_to: dt.date
    project: str | None = None

    def holds(self, day: dt.date, project: str | None) -> bool:
        """Whether a unit dated ``day`` under ``project`` is summed into a figure of this scope."""
        return self.date_from <= day <= self.date_to and (self.project is None or project == self.project)


#: One unit a figure is drawn from: who (a case), on which day, under which project.
UnitRow = tuple[Hashable, dt.date, str | None]


def figure_exposed(new: FigureScope, earlier: Sequence[FigureScope], rows: Iterable[UnitRow], k: int) -> bool:
    """Whether printing the figure of ``new`` beside the same figure published for ``earlier`` scopes would
    let a group of 1 to ``k``-1 units be worked out by adding and subtracting the published figures."""
    blocks: dict[tuple[bool, ...], set[Hashable]] = {}
    for unit, day, project in rows:
        signature = (new.holds(day, project), *(scope.holds(day, project) for scope in earlier))
        if any(signature):
            blocks.setdefault(signature, set()).add(unit)
    # The blocks inside the new scope, and the earlier blocks it splits (their parts outside it are new too).
    split = {signature[1:] for signature in blocks if signature[0]}
    return any(0 < len(units) < k for signature, units in blocks.items()
               if signature[0] or signature[1:] in split)
