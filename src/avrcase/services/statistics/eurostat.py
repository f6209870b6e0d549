"""Eurostat's transmission files on returns: exact figures in SDMX-CSV, for Eurostat only.

``transmission(session, actor, year, dataflow, geo)`` counts the third-country nationals returned
following an order to leave (the ``ordered_returns`` measure: recorded departure day, travellers,
return decision, no protection status, EU/EEA/Swiss citizens left out) and writes them in Eurostat's
coding for ``MIGR_EIRTN`` (by citizenship, sex, age and destination), ``MIGR_EIRT_VOL`` (by type of
return) or ``MIGR_EIRT_ASS`` (by assistance received), annual and quarterly rows in one file. A member
state sends exact figures; Eurostat protects and rounds them. What the public may see is the protected
table of :func:`avrcase.services.statistics.counts.eurostat_returns`, through the release register.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain import eurostat as codes
from avrcase.domain.errors import ValidationError
from avrcase.i18n import _
from avrcase.i18n.format import is_country_code
from avrcase.services import audit
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics.release import register
from avrcase.store.models import OfficeProfile

#: What is counted, by these dimensions, before Eurostat's coding.
_DIMENSIONS = ("citizenship", "sex", "age_class", "country_of_return", "quarter")
METHOD = "exact-transmission"


@dataclass(frozen=True)
class TransmissionFile:
    """One dataflow's SDMX-CSV rows (header first in :attr:`header`), exact, zero combinations left out."""

    dataflow: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def total(self) -> int:
        """The annual total of all returns in the file."""
        for row in self.rows:
            if row[1] == codes.ANNUAL and all(c in (codes.TOTAL, codes.SEX_TOTAL) for c in row[3:6]) and (
                    row[6] == codes.TOTAL):
                return int(row[-2])
        return 0


def reporting_country(session: Session, geo: str | None) -> str:
    """The ``geo`` of the file: ``geo`` if given, else the office's country; in Eurostat's coding."""
    code = (geo or session.scalar(select(OfficeProfile.country).where(OfficeProfile.id == 1)) or "").strip().upper()
    if geo is not None and geo.strip() and not (len(code) == 2 and is_country_code(code) and code not in _NOT_A_COUNTRY):
        # "XX" went out as UNK, "ZZ" as it was; "LTU" was told to give --geo
        raise ValidationError({"geo": _("“%(code)s” is not a two-letter country code such as LT.") % {"code": geo.strip()}})
    if len(code) != 2 or not code.isalpha():
        raise ValidationError({"geo": _("Say which country reports (--geo, e.g. LT), or set the office's country.")})
    return codes.country(code)


#: Regions CLDR names that report nothing: unknown, the EU, the euro area, the UN, outlying Oceania.
_NOT_A_COUNTRY = frozenset({"ZZ", "EU", "EZ", "UN", "QO"})


def _with_totals(counts: dict[tuple[str, ...], int], totals: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    out: dict[tuple[str, ...], int] = defaultdict(int)
    for key, n in counts.items():
        for mask in itertools.product((False, True), repeat=len(key)):
            out[tuple(t if m else k for k, m, t in zip(key, mask, totals, strict=True))] += n
    return out


def transmission(session: Session, actor: Actor | None, year: int, dataflow: str = codes.EIRTN,
                 geo: str | None = None) -> TransmissionFile:
    """The exact transmission file of ``dataflow`` for ``year`` (annual rows, then the four quarters)."""
    require(actor, Permission.STATISTICS_VIEW)
    if dataflow not in codes.DATAFLOWS:
        raise ValidationError({"dataflow": _("Unknown dataflow “%(name)s”.") % {"name": dataflow}})
    geo_code = reporting_country(session, geo)
    table = statistics.count(session, actor, statistics.StatisticsQuery(
        "ordered_returns", _DIMENSIONS, dt.date(year, 1, 1), dt.date(year, 12, 31)))
    extra, kinds = codes.EXTRA_DIMENSION[dataflow]
    by_period: dict[tuple[str, str], dict[tuple[str, ...], int]] = {
        (codes.ANNUAL, str(year)): defaultdict(int),
        **{(codes.QUARTERLY, f"{year}-Q{q}"): defaultdict(int) for q in range(1, 5)}}
    for (citizenship, sex, age, destination, quarter), n in table.counts.items():
        # Every return this office assists is voluntary and assisted; enforced or unassisted ones are
        # another authority's and stay zero here.
        fourth = codes.country(destination) if kinds is None else kinds[0]
        key = (codes.country(citizenship), codes.SEX[sex], age, fourth)
        by_period[(codes.ANNUAL, str(year))][key] += n
        by_period[(codes.QUARTERLY, quarter)][key] += n
    totals = (codes.TOTAL, codes.SEX_TOTAL, codes.TOTAL, codes.TOTAL)
    rows = []
    for (freq, period), counts in by_period.items():
        entries = _with_totals(counts, totals)
        for kind in kinds or ():
            entries.setdefault((*totals[:3], kind), 0)
        entries.setdefault(totals, 0)
        for key in sorted(entries, key=_order):
            rows.append((codes.dataflow_id(dataflow), freq, codes.UNIT, *key, geo_code, period, str(entries[key]), ""))
    return TransmissionFile(dataflow, codes.header(dataflow), tuple(rows))


def _order(key: tuple[str, ...]) -> tuple:
    # Categories first in Eurostat's order, totals last in every position.
    def rank(value: str, position: int) -> tuple[int, int, str]:
        if value in (codes.TOTAL, codes.SEX_TOTAL):
            return (2, 0, "")
        if position == 2 and value in codes.AGES:
            return (0, codes.AGES.index(value), value)
        return (1, 0, value)
    return tuple(rank(v, i) for i, v in enumerate(key))


def record_transmission(session: Session, actor: Actor | None, year: int, file: TransmissionFile) -> None:
    """Enter the transmission in the release register (method ``exact-transmission``, not linked) and audit it."""
    require(actor, Permission.STATISTICS_VIEW)
    query = statistics.StatisticsQuery("ordered_returns", _DIMENSIONS, dt.date(year, 1, 1), dt.date(year, 12, 31))
    register(session, actor, str(uuid.uuid4()), "eurostat", file.dataflow, query, None, method=METHOD)
    audit.record(session, actor, audit.Action.EXPORT, entity="statistics_table", kind="eurostat", title=file.dataflow,
                 measure=query.measure, dimensions=list(query.dimensions), date_from=query.date_from,
                 date_to=query.date_to, project="", format="csv", min_cell=0, round5=False, suppressed=0)
