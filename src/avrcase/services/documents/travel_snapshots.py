"""Snapshots of the travel paperwork (issue #4): itinerary, introduction letter, manifest (issued by
``manifest_issue``).

Built from the travel services' DTOs (``travel.get_travel``, ``departures.list_departures``) and
the case detail: times in the local time of each place with its zone, countries and dates in the
document's language. Medical needs come as the travel service gives them to the issuing role; only
wheelchair codes, stretcher, oxygen and escorts are printed, never a diagnosis.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from avrcase.documents import introduction_letter, itinerary, manifest
from avrcase.documents.base import PageFrame
from avrcase.domain.airports import Airport, city_name, shipped_airports, zone_label
from avrcase.domain.itinerary import changes_airport, connection_shortfall, day_marker, days_after
from avrcase.domain.travel import Assistance, AssistanceKind, ManifestEntry, MedicalNeed, TravelMode, group_manifest
from avrcase.domain.travel_documents import TravelDocumentStatus
from avrcase.domain.names import original_script_name
from avrcase.domain.errors import ValidationError
from avrcase.i18n import N_, _
from avrcase.i18n.format import country_name, document_date, format_date, format_datetime, format_number
from avrcase.services.cases.case_file import people_of_cases
from avrcase.services.documents import wording
from avrcase.domain.wording import DOCUMENTS, WordingCatalog
from avrcase.services.documents.case_snapshots import (
    born_on, declaration_wording, office_city, office_zone, page_frame, printed, term, tr, with_draft_note,
)
from avrcase.services.dto import Actor, CaseDetail, OfficeProfileDetail, PersonDetail
from avrcase.services.permissions import Permission, allowed, require
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel import departures
from avrcase.services.travel.dto import SegmentDetail, TravelDetail, TravellerDetail
from avrcase.services.travel.read import TravelLoader

#: Documents a returnee can travel on, most useful first.
_USABLE = (TravelDocumentStatus.HANDED_OVER, TravelDocumentStatus.RECEIVED, TravelDocumentStatus.ISSUED)
_MANIFEST_FRAME = N_("Manifest %(day)s")
#: The document cell (manifest, letter of introduction, travel plan) of a traveller whose travel document the office does not hold
#: (it was empty).
_NOT_IN_HAND = N_("Not in hand yet")
_MINUTES = N_("%(n)s min")
#: Why no travel plan is printed for a case with no journey booked (the CLI and the Documents tab say it alike).
NO_JOURNEY_BOOKED = N_("Case %(number)s has no journey booked yet, so there is no travel plan to print: book the "
                       "itinerary on the case's Travel tab first (“Book itinerary…”). Nothing was printed.")
#: Needs the carrier must know of; a fit-to-travel certificate is paperwork, not a service on board.
CARRIER_NEEDS = _CARRIER_NEEDS = (MedicalNeed.STRETCHER, MedicalNeed.OXYGEN, MedicalNeed.MEDICAL_ESCORT)


# ---------------------------------------------------------------- shared formatting


def _airport(code: str, mode: TravelMode) -> Airport | None:
    return shipped_airports().get(code) if mode is TravelMode.AIR else None


def place(code: str, mode: TravelMode, *languages: str) -> str:
    """``Varšuva (WAW)`` for an airport the directory knows, its city in each of ``languages``
    (``Varšuva / Варшава (WAW)``, English when none is given); the place as typed otherwise."""
    airport = _airport(code, mode)
    if airport is None:
        return code
    names = dict.fromkeys(city_name(airport, lang) for lang in languages or ("en",))
    return f"{' / '.join(names)} ({code})"


def _zone(zone: str) -> dt.tzinfo:
    return ZoneInfo(zone) if zone else dt.timezone.utc


def local_time(instant: dt.datetime, zone: str, lang: str, code: str = "",
               mode: TravelMode = TravelMode.AIR) -> tuple[str, str]:
    """(``Dec 2, 2026, 06:15``, ``Stambulas, UTC+3``): a UTC instant as the clock at the place shows it,
    and that clock named by the place's city (the airport ``code``'s, else the zone's) and its offset."""
    local = instant.astimezone(_zone(zone))
    when = f"{document_date(local.date(), lang)}, {format_datetime(instant, 'HH:mm', lang, tz=_zone(zone))}"
    airport = _airport(code, mode) if code else None
    return when, zone_label(instant, zone, lang, city_name(airport, lang) if airport else "")


def clock(instant: dt.datetime, zone: str, lang: str, day: dt.date | None = None) -> str:
    """``06:15``: the time of day at the place (24-hour, as timetables print it); ``03:20+1`` when it falls
    on a later local date than ``day``."""
    text = format_datetime(instant, "HH:mm", lang, tz=_zone(zone))
    return text + (day_marker(days_after(instant, _zone(zone), day)) if day else "")


def _local_day(instant: dt.datetime, zone: str) -> dt.date:
    return instant.astimezone(_zone(zone)).date()


def short_connections(detail: TravelDetail) -> tuple[tuple[SegmentDetail, SegmentDetail, dt.timedelta, dt.timedelta], ...]:
    """(arriving segment, leaving segment, gap, minimum) for each connection shorter than the minimum."""
    found = []
    for previous, following in zip(detail.segments, detail.segments[1:]):
        other_airport = changes_airport(previous.mode, previous.destination, following.mode, following.origin)
        if short := connection_shortfall(previous.mode, previous.arrival_at, following.mode, following.departure_at,
                                         other_airport=other_airport):
            found.append((previous, following, *short))
    return tuple(found)


def _minutes(span: dt.timedelta, lang: str) -> str:
    return printed(lang, "minutes", _MINUTES) % {"n": format_number(span // dt.timedelta(minutes=1), lang)}


def connection_note(previous: SegmentDetail, following: SegmentDetail, gap: dt.timedelta, minimum: dt.timedelta,
                    lang: str, text: str, *, code_only: bool = False) -> str:
    """One short connection in words, in ``lang`` (``text``: its template already in ``lang``): where
    (``code_only``: as the code), how long, between which services, the minimum."""
    where = following.origin if code_only else place(following.origin, following.mode, lang)
    if previous.destination != following.origin:  # another airport (IST – SAW): escorts must know to cross town
        arrived = previous.destination if code_only else place(previous.destination, previous.mode, lang)
        where = f"{arrived} – {where}"
    return text % {
        "place": where, "gap": _minutes(gap, lang),
        "minimum": _minutes(minimum, lang), "arriving": previous.service, "leaving": following.service}


def travel_document(traveller: TravellerDetail, lang: str) -> str:
    """The document the person travels on (kind and number), the most advanced one in the office's hands."""
    names = (declaration_wording(lang) or declaration_wording("en"))["terms"]["document_type"]
    ranked = sorted((d for d in traveller.documents if d.status in _USABLE), key=lambda d: _USABLE.index(d.status))
    if not ranked:
        return ""
    doc = ranked[0]
    return f"{names.get(doc.kind.value, doc.kind.value)} {doc.number}".strip()


def special_needs(traveller: TravellerDetail, lang: str) -> str:
    """Wheelchair code, stretcher, oxygen and escorts for one traveller, in ``lang``; no diagnosis."""
    needs = [traveller.wheelchair.value] if traveller.wheelchair else []
    needs += [tr(lang, MedicalNeed._labels()[n.value]) for n in _CARRIER_NEEDS if n in traveller.medical]  # noqa: SLF001
    return "; ".join(needs)


def escorts(detail: TravelDetail, lang: str) -> str:
    """Every escort on the journey: kind and name."""
    return "; ".join(f"{term(AssistanceKind, a.kind.value, lang)}: {a.escort_name}"
                     for a in detail.arrangements.assistance if a.kind.is_escort)


def original_name(person: PersonDetail) -> str:
    """The person's name in the original script (family name first), empty when none was recorded."""
    return original_script_name(person.family_name_original, person.given_names_original)


def _people(case: CaseDetail) -> dict[int, PersonDetail]:
    return {m.person.id: m.person for m in case.members}




# ---------------------------------------------------------------- itinerary


def _legs(detail: TravelDetail, texts, lang: str) -> tuple[itinerary.LegLine, ...]:
    languages = tuple(t.language for t in texts)
    legs = []
    for seg in detail.segments:
        departs, departs_zone = local_time(seg.departure_at, seg.origin_tz, lang, seg.origin, seg.mode)
        arrives, arrives_zone = local_time(seg.arrival_at, seg.destination_tz, lang, seg.destination, seg.mode)
        later = days_after(seg.arrival_at, _zone(seg.destination_tz), _local_day(seg.departure_at, seg.origin_tz))
        service = " ".join(p for p in (seg.carrier, seg.service_number) if p)
        legs.append(itinerary.LegLine(
            wording.term_in(texts, "travel_mode", seg.mode.value), service, place(seg.origin, seg.mode, *languages),
            departs, departs_zone, place(seg.destination, seg.mode, *languages), arrives, arrives_zone,
            seg.booking_reference, arrival_marker=day_marker(later)))
    return tuple(legs)


def _connection_notes(detail: TravelDetail, texts) -> tuple[tuple[str, ...], ...]:
    """Each short connection in the office language and in the returnee's where it is translated."""
    notes = {t.language: printed(t.language, "connection_note", itinerary.CONNECTION_NOTE) for t in texts}
    shown = [lang for index, (lang, note) in enumerate(notes.items())
             if index == 0 or lang == "en" or note != itinerary.CONNECTION_NOTE]  # none left in English
    return tuple(tuple(connection_note(*short, lang, notes[lang]) for lang in shown)
                 for short in short_connections(detail))


def _meetings(detail: TravelDetail, texts) -> tuple[itinerary.MeetingLine, ...]:
    return tuple(
        itinerary.MeetingLine(
            wording.term_in(texts, "assistance_kind", a.kind.value), a.place,
            a.escort_name if a.kind.is_escort else a.office,
            wording.term_in(texts, "assistance_status", _assistance_status(a)))
        for a in detail.arrangements.assistance)


def _assistance_status(assistance: Assistance) -> str:
    """What is true of an assistance: confirmed, requested (the office was told), or not requested yet."""
    if assistance.is_confirmed:
        return "confirmed"
    return "requested" if assistance.notified_on else "not_requested"


def emergency_phones(office: OfficeProfileDetail, languages: tuple[str, ...]) -> str:
    """The emergency phone of each language printed (the returnee's first), never the office's daytime number."""
    phones = [office.in_language(code).emergency_phone for code in reversed(languages)]
    return " · ".join(dict.fromkeys(p for p in phones if p))


def _tickets(person_id: int, segments: tuple[SegmentDetail, ...]) -> str:
    return ", ".join(t.number for s in segments for t in s.tickets if t.person_id == person_id and t.number)


def itinerary_snapshot(session: Session, actor: Actor | None, case: CaseDetail, office: OfficeProfileDetail,
                       lang: str, issued_at: dt.datetime) -> itinerary.ItinerarySnapshot:
    """The returnee's travel plan in ``lang`` and, where a wording exists, the returnee's language."""
    require(actor, Permission.DOCUMENT_ISSUE)
    detail = travel.get_travel(session, actor, case.id)
    if not detail.segments:  # a blank plan handed out says nothing of the journey still to book
        raise ValidationError({"segments": _(NO_JOURNEY_BOOKED) % {"number": case.case_number}})
    catalog = office.wording
    languages = wording.document_languages(lang, case.principal.languages, catalog=catalog, section="itinerary")
    texts = wording.wordings("itinerary", languages, catalog=catalog)
    first = texts[0].language
    people = _people(case)
    bookings = ", ".join(dict.fromkeys(s.booking_reference for s in detail.segments if s.booking_reference))
    journey = (
        ("case_number", case.case_number),
        ("travel_date", format_date(detail.departure_at.astimezone(ZoneInfo(detail.segments[0].origin_tz)).date()
                                    if detail.segments else None, "long", first)),
        ("country_of_return", country_name(case.country_of_return, first)),
        ("final_destination", case.final_destination),
        ("booking", bookings),
    )
    travellers = tuple(
        itinerary.TravellerLine(t.name, original_name(people[t.person_id]) if t.person_id in people else "",
                                born_on(people.get(t.person_id), first, catalog),
                                travel_document(t, first) or tr(first, _NOT_IN_HAND),
                                _tickets(t.person_id, detail.segments))
        for t in detail.travelling)
    baggage = detail.arrangements.excess_baggage
    extra = f"{format_number(baggage.kg, first)} kg" if baggage else ""
    as_ticketed = " / ".join(dict.fromkeys(t.labels["baggage_ticket"] for t in texts))  # in both languages
    baggage_lines = (("baggage_allowance", as_ticketed), ("excess_baggage", extra))
    inland = detail.arrangements.inland_transport
    onward: tuple[tuple[str, str], ...] = ()
    if inland is not None:
        onward = (("onward_mode", " / ".join(dict.fromkeys(wording.term_in(texts, "travel_mode", inland.mode.value)))),
                  ("onward_provider", inland.provider), ("final_destination", inland.destination))
    emergency = (("emergency_office", office.in_language(first).office_name or office.in_language(first).organisation),
                 ("emergency_phone", emergency_phones(office, languages)), ("emergency_email", office.email))
    principal = case.principal
    frame = page_frame(office, texts[0].title, case.case_number, first, issued_at)
    return itinerary.ItinerarySnapshot(
        frame=with_draft_note(frame, catalog, DOCUMENTS, languages), texts=texts,
        heading=f"{principal.full_name} · {case.case_number}", journey=journey, travellers=travellers,
        legs=_legs(detail, texts, first), meetings=_meetings(detail, texts), baggage=baggage_lines, onward=onward,
        emergency=emergency, connections=_connection_notes(detail, texts),
    )


# ---------------------------------------------------------------- introduction letter


def introduction_letter_snapshot(session: Session, actor: Actor | None, case: CaseDetail,
                                 office: OfficeProfileDetail, lang: str,
                                 issued_at: dt.datetime) -> introduction_letter.IntroductionLetterSnapshot:
    """The letter of introduction and travel assistance request in ``lang``, signed by the issuing officer."""
    require(actor, Permission.DOCUMENT_ISSUE)
    detail = travel.get_travel(session, actor, case.id)
    t = {key: tr(lang, text) for key, text in introduction_letter.LABELS.items()}
    people = _people(case)
    named = office.in_language(lang)  # the office's name as the letter's language gives it (its own otherwise)
    organisation = named.organisation or named.office_name
    travellers = tuple(
        introduction_letter.LetterTraveller(
            p.name, original_name(people[p.person_id]) if p.person_id in people else "",
            born_on(people.get(p.person_id), lang, office.wording),
            country_name(p.citizenship, lang), travel_document(p, lang) or tr(lang, _NOT_IN_HAND))
        for p in detail.travelling)
    legs = tuple(
        introduction_letter.LetterLeg(
            " ".join(x for x in (s.carrier, s.service_number) if x),
            f"{place(s.origin, s.mode, lang)} – {place(s.destination, s.mode, lang)}",
            local_time(s.departure_at, s.origin_tz, lang)[0], local_time(s.arrival_at, s.destination_tz, lang)[0])
        for s in detail.segments)
    assistance = tuple(
        (term(AssistanceKind, a.kind.value, lang), " · ".join(x for x in (a.place, a.escort_name or a.office) if x))
        for a in detail.arrangements.assistance)
    needs = tuple((p.name, special_needs(p, lang)) for p in detail.travelling if special_needs(p, lang))
    return introduction_letter.IntroductionLetterSnapshot(
        frame=page_frame(office, t["title"], case.case_number, lang, issued_at), labels=t,
        reference=case.case_number, date_line=", ".join(x for x in (office_city(office, lang), format_date(issued_at.astimezone(office_zone(office)).date(), "long", lang)) if x),
        paragraphs=(t["introduction"] % {"country": country_name(case.country_of_return, lang),
                                         "organisation": organisation}, t["request"]),
        travellers=travellers, legs=legs, assistance=assistance, needs=needs,
        closing=t["closing"] % {"phone": office.phone or "—"},
        signatory=actor.display_name if actor else "", signatory_office=named.office_name or organisation,
    )


# ---------------------------------------------------------------- manifest


def _normal(service: str) -> str:
    return "".join(service.split()).upper()


def manifest_frame(office: OfficeProfileDetail, title: str, day: dt.date, lang: str, issued_at: dt.datetime) -> PageFrame:
    """The page frame of a manifest: the footer names the day instead of a case."""
    frame = page_frame(office, title, "", lang, issued_at)
    return dataclasses.replace(frame, case_label=tr(lang, _MANIFEST_FRAME) % {"day": document_date(day, lang)})


def _manifest_entries(detail: TravelDetail, case_number: str, people: dict[int, PersonDetail], lang: str, flight: str,
                      catalog: WordingCatalog):
    """(entry, row) for each traveller of one case: the domain's entry for grouping, the printed row."""
    first = next((s for s in detail.segments if not flight or _normal(s.service) == _normal(flight)), None)
    if first is None:
        return []
    # Times are local; a "+1" marks one on a later local date than the day the journey starts.
    day = _local_day(detail.segments[0].departure_at, detail.segments[0].origin_tz)
    segments = "\n".join(
        f"{' '.join(x for x in (s.carrier, s.service_number) if x)} {s.origin}–{s.destination} "
        f"{clock(s.departure_at, s.origin_tz, lang, day)}–{clock(s.arrival_at, s.destination_tz, lang, day)}".strip()
        for s in detail.segments)
    connections = "\n".join(connection_note(*short, lang, tr(lang, manifest.LABELS["short_connection"]), code_only=True)
                             for short in short_connections(detail))
    escort = escorts(detail, lang)
    pairs = []
    for index, t in enumerate(detail.travelling):
        original = original_name(people[t.person_id]) if t.person_id in people else ""
        needs = "; ".join(x for x in (special_needs(t, lang), escort if index == 0 else "") if x)
        document = travel_document(t, lang)
        entry = ManifestEntry(case_number, t.name, first.departure, first.service, document, needs)
        row = manifest.ManifestRow(case_number, f"{t.name}\n{original}" if original else t.name,
                                   born_on(people.get(t.person_id), lang, catalog), t.citizenship,
                                   document or tr(lang, _NOT_IN_HAND), segments, needs, connections=connections)
        pairs.append((entry, row, f"{first.origin} – {first.destination}", clock(first.departure_at, first.origin_tz, lang, day)))
    return pairs


def manifest_snapshot(session: Session, actor: Actor | None, office: OfficeProfileDetail, day: dt.date,
                      lang: str, issued_at: dt.datetime, *, flight: str = "") -> manifest.ManifestSnapshot:
    """Everyone departing on ``day`` (optionally only on ``flight``), grouped by the service they leave on."""
    require(actor, Permission.DOCUMENT_ISSUE)
    require(actor, Permission.TRAVEL_READ)
    require(actor, Permission.CASE_READ)
    t = {key: tr(lang, text) for key, text in manifest.LABELS.items()}
    rows, routes, entries = {}, {}, []
    leaving = departures.list_departures(session, actor, day, day)
    # One batch load for the day (not a case file opened per case): travel, then every household.
    loader = TravelLoader(session, [d.case_id for d in leaving])
    households = people_of_cases(session, [d.case_id for d in leaving])
    show_medical = actor is not None and allowed(actor.role, Permission.SENSITIVE_READ)
    for departure in leaving:
        detail = loader.detail(departure.case_id, show_medical=show_medical)
        case_number, people = households[departure.case_id]
        for entry, row, route, departs in _manifest_entries(detail, case_number, people, lang, flight, office.wording):
            entries.append(entry)
            rows[(entry.case_number, entry.traveller)] = row
            routes[entry.service] = (route, departs)
    flights = tuple(
        manifest.ManifestFlight(group.service, *routes[group.service],
                                tuple(rows[(e.case_number, e.traveller)] for e in group.entries))
        for group in group_manifest(entries))
    summary = ((t["cases"], format_number(len({e.case_number for e in entries}), lang)),
               (t["travellers"], format_number(len(entries), lang)),
               (t["with_needs"], format_number(sum(1 for e in entries if e.special_needs), lang)))
    return manifest.ManifestSnapshot(
        frame=manifest_frame(office, t["title"], day, lang, issued_at), labels=t,
        day=format_date(day, "full", lang), flight=flight.strip().upper(), summary=summary, flights=flights,
    )
