"""``itinerary``: the returnee's travel plan, in the office language and the returnee's language.

Who travels, every leg with local times and the place's time zone, who meets the travellers where,
baggage, onward travel to the final destination, and whom to call when something goes wrong. The
wording comes from ``resources/documents/<lang>.json`` (section ``itinerary``).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from avrcase.documents.base import ACCENT, CONTENT_WIDTH, PageFrame, RenderedDocument, build_pdf, data_table, markup
from avrcase.documents.base import para, rich
from avrcase.documents.bilingual import Wording, both, facts, heading, label, parallel, titles
from avrcase.documents.mirroring import StackedLines
from avrcase.documents.paragraphs import TEXT_DECIDES, is_right_to_left
from avrcase.i18n import N_

#: One value in each language of the document (a vocabulary term), office language first.
Terms = tuple[str, ...]

#: Printed under the journey for escorts and transit staff when a connection is shorter than the minimum.
CONNECTION_NOTE = N_("Short connection at %(place)s: %(gap)s between %(arriving)s and %(leaving)s, at least "
                     "%(minimum)s are needed. Escorts and transit assistance: please take the travellers "
                     "straight to the next departure.")


@dataclass(frozen=True)
class TravellerLine:
    """A person on the journey, formatted."""

    name: str
    original: str
    born: str
    document: str
    tickets: str  # ticket numbers, one per segment


@dataclass(frozen=True)
class LegLine:
    """One segment: times as the timetable prints them, with the place's time zone."""

    mode: Terms
    service: str  # "TK 1402", or the bus company
    origin: str  # "Vilnius (VNO)"
    departure: str  # "Dec 2, 2026, 06:15"
    departure_zone: str  # "Vilnius, UTC+2": the place's clock
    destination: str
    arrival: str
    arrival_zone: str
    booking: str
    arrival_marker: str = ""  # "+1" when the arrival is on a later local date than the departure


@dataclass(frozen=True)
class MeetingLine:
    """Who meets the travellers where (departure, transit, reception assistance, escort)."""

    kind: Terms
    place: str
    who: str  # the office meeting them, or the escort's name
    status: Terms  # confirmed / requested / not requested yet


@dataclass(frozen=True)
class ItinerarySnapshot:
    """The itinerary as it will print; every value already formatted."""

    frame: PageFrame
    texts: tuple[Wording, ...]  # office language first, then the returnee's when different
    heading: str  # principal's name and case number
    journey: tuple[tuple[str, str], ...]  # (label key, value)
    travellers: tuple[TravellerLine, ...]
    legs: tuple[LegLine, ...]
    meetings: tuple[MeetingLine, ...]
    baggage: tuple[tuple[str, str], ...]  # (label key, value)
    onward: tuple[tuple[str, str], ...]  # (label key, value): in-land transport to the final destination
    emergency: tuple[tuple[str, str], ...]  # (label key, value)
    connections: tuple[Terms, ...] = ()  # each short connection in words, office language first

    @property
    def bilingual(self) -> bool:
        """Whether a second language is printed beside the office language."""
        return len(self.texts) > 1


def _travellers(snapshot: ItinerarySnapshot):
    t = snapshot.texts
    return data_table(
        [label(t, k, "cell_head") for k in ("name", "name_original", "date_of_birth", "document", "tickets")],
        [(p.name, p.original, p.born, p.document, p.tickets) for p in snapshot.travellers],
        [2.2, 1.9, 1.2, 1.8, 1.6],
    )


def _place_and_time(place: str, time: str, zone: str, marker: str = ""):
    """The place, the local time in bold below it (with a "+1" day marker), and the clock's zone in small grey."""
    # A left-to-right mark keeps "+1" as it is written beside an Arabic date; the bidi order alone turns a sign
    # between two numbers of a right-to-left line round ("1+ 01:30").
    marker = "\u200e" + marker if marker and is_right_to_left(time) else marker
    later = f' <font color="#0b3d6e"><b>{markup(marker)}</b></font>' if marker else ""
    return rich(f'{markup(place)}<br/><b>{markup(time)}</b>{later}<br/>'
                f'<font size="7" color="#5c5c5c">{markup(zone)}</font>', "cell")


def _legs(snapshot: ItinerarySnapshot):
    t = snapshot.texts
    rows = [
        (both(leg.mode), leg.service, _place_and_time(leg.origin, leg.departure, leg.departure_zone),
         _place_and_time(leg.destination, leg.arrival, leg.arrival_zone, leg.arrival_marker), leg.booking)
        for leg in snapshot.legs
    ]
    return data_table(
        [label(t, k, "cell_head") for k in ("mode", "service", "departure", "arrival", "booking")],
        rows, [1.0, 1.1, 2.6, 2.6, 1.1],
    )


def _meetings(snapshot: ItinerarySnapshot):
    t = snapshot.texts
    return data_table(
        [label(t, k, "cell_head") for k in ("assistance", "place", "met_by", "status")],
        [(both(m.kind), m.place, m.who, both(m.status)) for m in snapshot.meetings],
        [2.2, 1.6, 2.6, 1.2],
    )


def _connection(note: Terms) -> Table:
    """A short connection in a framed box, so that an escort or transit officer cannot miss it."""
    lines = f"<b>{markup(note[0])}</b>" + "".join(f'<br/><font color="#5c5c5c">{markup(n)}</font>' for n in note[1:])
    content: Flowable = rich(lines, "cell")
    if any(is_right_to_left(n) != is_right_to_left(note[0]) for n in note[1:]):
        # The Arabic or Persian wording under the English is set against the right edge, where its reader starts.
        content = StackedLines(rich(f"<b>{markup(note[0])}</b>", "cell"),
                               *(rich(f'<font color="#5c5c5c">{markup(n)}</font>', "cell", TEXT_DECIDES) for n in note[1:]))
    box = Table([[content]], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, ACCENT), ("LEFTPADDING", (0, 0), (-1, -1), 5),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 5), ("TOPPADDING", (0, 0), (-1, -1), 3),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return box


def render(snapshot: ItinerarySnapshot) -> RenderedDocument:
    """The itinerary as PDF."""
    t = snapshot.texts
    story = titles(t) + [para(snapshot.heading, "subtitle"), Spacer(0, 3 * mm), facts(t, snapshot.journey)]
    story += [heading(t, "emergency"), facts(t, snapshot.emergency)]
    story += [heading(t, "travellers"), _travellers(snapshot)]
    story += [heading(t, "legs")]
    story.append(_legs(snapshot) if snapshot.legs else label(t, "no_legs", "body"))
    for note in snapshot.connections:
        story += [Spacer(0, 2 * mm), _connection(note)]
    story += [heading(t, "meetings")]
    story.append(_meetings(snapshot) if snapshot.meetings else label(t, "no_meetings", "body"))
    story += [heading(t, "baggage"), facts(t, snapshot.baggage)]
    if snapshot.onward:
        story += [heading(t, "onward"), facts(t, snapshot.onward)]
    if t[0].statements:
        story += [heading(t, "advice"), parallel(t)]
    return build_pdf(snapshot.frame, story)
