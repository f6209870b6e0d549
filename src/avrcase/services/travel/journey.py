"""Which changes of an itinerary make its printed travel papers out of date, and when that last happened.

The travel plan and the letter of introduction print the legs (places, local times, carrier and flight, booking
reference), the travellers' tickets, who travels, the assistance and escorts on the way (who meets them where),
the wheelchair code and the needs the carrier must know of, the extra baggage paid for and the transport onward.
A change of any of these stamps ``Itinerary.journey_changed_at`` with the unit of work's clock; a paper issued
before the stamp is listed as out of date (``services.documents.register``). Fares and costs, an assistance being
requested or confirmed, a fit-to-travel certificate and health notes the papers do not print change nothing there:
the printed journey is still right, and flagging every confirmation would teach staff to ignore the warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.travel import MedicalNeed
from avrcase.i18n import _
from avrcase.i18n.format import format_date
from avrcase.services.clock import clock_of
from avrcase.store.models import Itinerary

#: Travel papers in a case's register that print the journey (the manifest belongs to a day and is not kept).
JOURNEY_PAPERS = frozenset({"itinerary", "introduction-letter"})
#: Needs the letter of introduction prints for the carrier (never a diagnosis).
_PRINTED_NEEDS = frozenset({MedicalNeed.STRETCHER.value, MedicalNeed.OXYGEN.value, MedicalNeed.MEDICAL_ESCORT.value})


def printed_journey(itinerary: Itinerary | None) -> tuple:
    """What the travel papers print of ``itinerary``, as a value to compare before and after a change."""
    if itinerary is None:
        return ()
    travellers = frozenset(
        (t.person_id, t.wheelchair or "", frozenset(set(filter(None, (t.medical or "").split(","))) & _PRINTED_NEEDS))
        for t in itinerary.travellers)
    segments = tuple(
        (s.mode, s.origin, s.destination, s.origin_tz, s.destination_tz, s.departure_at, s.arrival_at,
         (s.carrier or "").strip(), (s.service_number or "").strip(), (s.booking_reference or "").strip(),
         frozenset((t.person_id, t.number.strip()) for t in s.tickets))
        for s in sorted(itinerary.segments, key=lambda s: s.position or 0))
    assistance = tuple((a.kind, (a.place or "").strip(), (a.office or "").strip(), (a.escort_name or "").strip())
                       for a in sorted(itinerary.assistance, key=lambda a: a.position or 0))
    onward = ((itinerary.inland_mode or ""), (itinerary.inland_provider or "").strip(),
              (itinerary.inland_destination or "").strip())
    return travellers, segments, assistance, onward, itinerary.excess_baggage_kg


def stamp_if_changed(session: Session, itinerary: Itinerary, before: tuple) -> bool:
    """Stamp ``journey_changed_at`` when what the papers print differs from ``before``; whether it did."""
    if printed_journey(itinerary) == before:
        return False
    itinerary.journey_changed_at = clock_of(session).now()
    return True


def out_of_date_notes(session: Session, case_id: int, papers: Sequence[tuple[str, dt.datetime]]) -> list[str]:
    """For the case's register: for each (document type, issued at), what to say of it, "" when up to date (printed
    after the journey last changed, or not a paper that prints the journey). Asks the store nothing when no paper
    prints the journey, and words the note only when one is out of date."""
    if not any(doc_type in JOURNEY_PAPERS for doc_type, _at in papers):
        return [""] * len(papers)
    changed = session.scalar(select(Itinerary.journey_changed_at).where(Itinerary.case_id == case_id))
    stale = [changed is not None and doc_type in JOURNEY_PAPERS and issued_at < changed for doc_type, issued_at in papers]
    if changed is None or not any(stale):
        return [""] * len(papers)
    note = _("Printed before the journey changed on %(date)s — print it again.") % {
        "date": format_date(changed.astimezone(clock_of(session).zone).date())}  # the office's day
    return [note if out else "" for out in stale]
