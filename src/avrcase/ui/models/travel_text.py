"""Travel of a case as text for the Travel tab and the departures board: the readiness checklist,
documents per traveller, the segments and the arrangements, already localised.
"""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from avrcase.domain.readiness import Readiness
from avrcase.domain.travel import TravelArrangements
from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import (
    country_name,
    format_date,
    format_datetime,
    format_number,
)
from avrcase.services.travel.dto import SegmentDetail, TravelDetail
from avrcase.ui import palette

#: Colours of done and missing items; each also carries a sign (✓ / ✗), never colour alone.
DONE_COLOUR = palette.DONE
MISSING_COLOUR = palette.ERROR
DONE_SIGN = "✓"
MISSING_SIGN = "✗"
# Labels used inside f-strings: marked here (Babel cannot see into f-strings), translated at use.
L_READY_TO_FLY = N_("Ready to fly")


def readiness_html(readiness: Readiness) -> str:
    """The checklist as a small table: a sign, the item, and what is missing in words."""
    if readiness.ready:
        head = f"<p style='color:{DONE_COLOUR}'><b>{DONE_SIGN} {escape(_(L_READY_TO_FLY))}</b></p>"
    else:
        n = len(readiness.missing)
        text = ngettext("Not ready: %(n)d item missing", "Not ready: %(n)d items missing", n) % {"n": n}
        head = f"<p style='color:{MISSING_COLOUR}'><b>{MISSING_SIGN} {escape(text)}</b></p>"
    rows = "".join(
        f"<tr><td style='color:{DONE_COLOUR if item.done else MISSING_COLOUR}; padding-right:{palette.SIGN_GAP}px'>"
        f"<b>{DONE_SIGN if item.done else MISSING_SIGN}</b></td>"
        f"<td style='padding-right:{palette.CELL_GAP}px'>{escape(item.item.label)}</td>"
        f"<td style='color:{MISSING_COLOUR}'>{escape(item.missing)}</td></tr>"
        for item in readiness.items)
    return f"{head}<table cellspacing='0' cellpadding='2'>{rows}</table>"


#: What a row of the documents table holds: (person id, "document" / "visa" / "" for none, record id).
DocumentPayload = tuple[int, str, int | None]


def document_rows(detail: TravelDetail) -> tuple[list[list[str]], list[DocumentPayload]]:
    """One row per travel document and transit visa (or one saying none is recorded), with its payload."""
    rows, payloads = [], []
    for traveller in detail.travellers:
        travels = _("yes") if traveller.travelling else _("no")
        if not traveller.documents:
            rows.append([traveller.name, travels, "—", "", _("No travel document recorded"), ""])
            payloads.append((traveller.person_id, "", None))
        for document in traveller.documents:
            rows.append([traveller.name, travels, document.kind.label, document.number, document.status.label,
                         format_date(document.expires_on)])
            payloads.append((traveller.person_id, "document", document.id))
        for visa in traveller.visas:
            rows.append([traveller.name, travels, _("Visa for %(country)s") % {"country": country_name(visa.country)},
                         visa.number, visa.status.label, format_date(visa.valid_until)])
            payloads.append((traveller.person_id, "visa", visa.id))
    return rows, payloads


def local_time(instant, zone: str) -> str:
    """A stored UTC instant as the local time of the place (how the timetable prints it)."""
    return format_datetime(instant, fmt="short", tz=ZoneInfo(zone)) if zone else format_datetime(instant, fmt="short")


def clock_time(instant, zone: str) -> str:
    """The local time of day at the place, on the 24-hour clock as timetables print it."""
    return format_datetime(instant, fmt="HH:mm", tz=ZoneInfo(zone) if zone else None)


def _tickets(segment: SegmentDetail, travelling: int) -> str:
    return _("%(issued)d of %(travelling)d") % {"issued": len(segment.tickets), "travelling": travelling}


def segment_rows(detail: TravelDetail) -> list[list[str]]:
    """One row per segment: number, mode, service, from, departs, to, arrives, booking, tickets, fare."""
    travelling = len(detail.travelling)
    return [[str(index), s.mode.label, " ".join(p for p in (s.carrier, s.service_number) if p), s.origin,
             local_time(s.departure_at, s.origin_tz), s.destination, local_time(s.arrival_at, s.destination_tz),
             s.booking_reference, _tickets(s, travelling), s.fare.format() if s.fare else ""]
            for index, s in enumerate(detail.segments, start=1)]


def _assistance_lines(arrangements: TravelArrangements) -> list[str]:
    lines = []
    for item in arrangements.assistance:
        parts = [item.kind.label + (f" ({item.place})" if item.place else "")]
        if item.office:
            parts.append(item.office)
        if item.escort_name:
            parts.append(item.escort_name)
        if item.notified_on:
            parts.append(_("requested %(date)s") % {"date": format_date(item.notified_on)})
        parts.append(_("confirmed %(date)s") % {"date": format_date(item.confirmed_on)}
                     if item.confirmed_on else _("not confirmed yet"))
        lines.append(" — ".join(parts))
    return lines


def _needs_lines(detail: TravelDetail) -> list[str]:
    if any(t.medical_hidden for t in detail.travellers):
        return [_("Wheelchair and medical needs are shown only to staff who may see medical details.")]
    lines = []
    for traveller in detail.travelling:
        needs = [traveller.wheelchair.value] if traveller.wheelchair else []
        needs += [need.label for need in sorted(traveller.medical, key=lambda m: m.value)]
        if traveller.fit_to_travel_on:
            needs.append(_("fit to travel since %(date)s") % {"date": format_date(traveller.fit_to_travel_on)})
        if needs:
            lines.append(_("%(name)s: %(needs)s") % {"name": traveller.name, "needs": "; ".join(needs)})
    return lines


def arrangements_html(detail: TravelDetail) -> str:
    """Assistance, needs, baggage and in-land transport as short paragraphs; says when nothing is arranged."""
    arrangements = detail.arrangements
    sections: list[tuple[str, list[str]]] = [
        (_("Assistance"), _assistance_lines(arrangements)), (_("Needs"), _needs_lines(detail))]
    baggage = arrangements.excess_baggage
    if baggage is not None:
        text = _("%(kg)s kg") % {"kg": format_number(baggage.kg)}
        if baggage.cost is not None:
            text += f" ({baggage.cost.format()})"
        sections.append((_("Excess baggage"), [text]))
    transport = arrangements.inland_transport
    if transport is not None:
        text = _("%(mode)s to %(place)s") % {"mode": transport.mode.label, "place": transport.destination}
        if transport.provider:
            text += " — " + transport.provider
        if transport.cost is not None:
            text += f" ({transport.cost.format()})"
        sections.append((_("In-land transport"), [text]))
    shown = [(title, lines) for title, lines in sections if lines]
    if not shown:
        return escape(_("Nothing is arranged yet."))
    return "".join(f"<p><b>{escape(title)}</b><br>{'<br>'.join(escape(line) for line in lines)}</p>"
                   for title, lines in shown)
