"""``manifest``: every traveller leaving on one day, grouped by flight, for the operations team.

Not a case document: one manifest covers all cases departing that day (or one flight of it). Each
traveller's row names the case, the travel document, every segment of the journey and the special
needs the carrier must know (wheelchair code, stretcher, oxygen, escort), never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from avrcase.documents.base import PageFrame, RenderedDocument, build_pdf, data_table, facts_table, markup, para, rich
from avrcase.documents.base import stacked
from avrcase.i18n import N_

#: Every fixed text of the manifest; the service translates them into the snapshot.
LABELS = {
    "title": N_("Movement manifest"),
    "day": N_("Departure date"),
    "flight": N_("Flight or service"),
    "summary": N_("Summary"),
    "cases": N_("Cases"),
    "travellers": N_("Travellers"),
    "with_needs": N_("Travellers with special needs"),
    "case": N_("Case"),
    "traveller": N_("Traveller"),
    "born": N_("Born"),
    "citizenship": N_("Citizenship"),
    "document": N_("Travel document"),
    "segments": N_("Segments (local times)"),
    "needs": N_("Special needs"),
    "departs": N_("departs %(time)s"),
    "short_connection": N_("Short connection at %(place)s: %(gap)s (minimum %(minimum)s)"),
    "nobody": N_("Nobody is booked to leave on this day."),
    "confidential": N_("For the operations team only: personal data of returnees. Do not leave unattended, "
                       "destroy after the movement."),
}


@dataclass(frozen=True)
class ManifestRow:
    """One traveller on the manifest, formatted."""

    case_number: str
    traveller: str  # name, with the original script below when there is one
    born: str
    citizenship: str
    document: str
    segments: str  # one line per segment, local times: "TK 1402 VNO–IST 16:20–03:20+1" (+1: the next day)
    needs: str  # wheelchair code, stretcher, oxygen, escort; empty when none
    connections: str = ""  # a connection shorter than the minimum, for escorts and transit staff; one a line


@dataclass(frozen=True)
class ManifestFlight:
    """Everyone on one departing service."""

    service: str  # "TK 1402"
    route: str  # "VNO – IST"
    departs: str  # local time
    rows: tuple[ManifestRow, ...]


@dataclass(frozen=True)
class ManifestSnapshot:
    """The manifest for one day as it will print."""

    frame: PageFrame
    labels: Mapping[str, str]
    day: str  # the departure date, formatted
    flight: str  # the one flight asked for, or empty for the whole day
    summary: tuple[tuple[str, str], ...]  # (label, value)
    flights: tuple[ManifestFlight, ...]


def _segments(row: ManifestRow):
    """The segments, and below them in bold any connection too short, so transit staff see it at once."""
    if not row.connections:
        return row.segments
    return rich(f"{markup(row.segments)}<br/><b>{markup(row.connections)}</b>", "cell")


def _flight(snapshot: ManifestSnapshot, flight: ManifestFlight) -> list:
    t = snapshot.labels
    title = " · ".join(x for x in (flight.service, flight.route, t["departs"] % {"time": flight.departs}) if x)
    table = data_table(
        [t["case"], stacked(t["traveller"], f"{t['born']} · {t['citizenship']}", "cell_head"), t["document"],
         t["segments"], t["needs"]],
        [(r.case_number, stacked(r.traveller, " · ".join(x for x in (r.born, r.citizenship) if x)), r.document,
          _segments(r), r.needs) for r in flight.rows],
        [1.55, 2.3, 1.5, 2.5, 1.3],
        caption=title,  # on each page the flight's travellers continue on, not only on the first
    )
    return [table]


def render(snapshot: ManifestSnapshot) -> RenderedDocument:
    """The manifest as PDF."""
    t = snapshot.labels
    head = [(t["day"], snapshot.day)] + ([(t["flight"], snapshot.flight)] if snapshot.flight else [])
    story = [para(t["title"], "title"), para(t["confidential"], "muted"), Spacer(0, 3 * mm),
             facts_table(head + list(snapshot.summary))]
    if not snapshot.flights:
        story += [Spacer(0, 4 * mm), para(t["nobody"], "body")]
    for flight in snapshot.flights:
        story += _flight(snapshot, flight)
    return build_pdf(snapshot.frame, story)
