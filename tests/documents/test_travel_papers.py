"""Travel papers that read right in every language (issue #15, item 6), read back from the PDFs.

A Moldovan family flies Vilnius - Warsaw - Chisinau in the evening: the cities print in the document's
language, each clock is named by its city and offset, the arrival after midnight carries "+1", and the
35-minute change in Warsaw (the booking warned about it) is printed for escorts and transit staff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from avrcase.domain.itinerary import Segment, Ticket
from avrcase.domain.travel import TravelMode
from avrcase.services.documents import manifest_issue, travel_snapshots
from avrcase.services.office import IOM_VILNIUS
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.documents.conftest import RUSSIAN_FAMILY, RUSSIAN_GIVEN, page_texts
from tests.documents.test_travel_documents import TRAVEL_DAY, issue, officer  # noqa: F401  (fixture)
from tests.support.clock import FIXED_NOW
from tests.support.travel import advance, give_documents

MD_PRINCIPAL = dict(family_name="Ceban", given_names="Ana", family_name_original=RUSSIAN_FAMILY,
                    given_names_original=RUSSIAN_GIVEN, languages=("ru",), citizenship="MD")


def via_warsaw(day: dt.date, people) -> tuple[Segment, ...]:
    """LO 772 VNO 21:00 - WAW 21:10, then LO 515 WAW 21:45 - KIV 00:45 the next day (local times, December)."""
    def tickets(prefix):
        return tuple(Ticket(pid, f"{prefix}{pid:06d}") for pid in people)
    at = dt.datetime.combine
    return (
        Segment(TravelMode.AIR, "VNO", "WAW", at(day, dt.time(21, 0)), at(day, dt.time(21, 10)), carrier="LO",
                service_number="772", booking_reference="WAW35M", tickets=tickets("080-")),
        Segment(TravelMode.AIR, "WAW", "KIV", at(day, dt.time(21, 45)), at(day + dt.timedelta(days=1), dt.time(0, 45)),
                carrier="LO", service_number="515", booking_reference="WAW35M", tickets=tickets("081-")),
    )


@pytest.fixture
def moldovan_case(engine, actor, officer, make_case):  # noqa: F811
    """A mother and child booked through Warsaw with a 35-minute change; the booking warned about it."""
    return _booked_via_warsaw(engine, actor, officer, make_case)


def _booked_via_warsaw(engine, actor, officer, make_case, **principal):  # noqa: F811
    detail = make_case(members=1, principal=make_person(**{**MD_PRINCIPAL, **principal}), country_of_return="MD")
    advance(engine, actor, detail.id)
    people = [m.person.id for m in detail.members]
    give_documents(engine, officer, people)
    with unit_of_work(engine) as session:
        saved = travel.save_itinerary(session, officer, detail.id, 0, ItineraryForm(via_warsaw(TRAVEL_DAY, people)))
    assert "35 minutes" in saved.warnings["segments.1.departure"]
    return detail


def words(pdf: bytes) -> str:
    """The text of every page with white space (line breaks in table cells) made single spaces."""
    return " ".join(" ".join(page_texts(pdf)).split())


def itinerary_text(engine, officer, case, lang: str) -> str:
    return words(issue(engine, officer, "itinerary", case.id, lang)[1])


def manifest_text(engine, officer, lang: str) -> str:
    with unit_of_work(engine) as session:
        return words(manifest_issue.issue_manifest(session, officer, TRAVEL_DAY, lang=lang).pdf)


#: What each language prints: the cities (office language / returnee's Russian) and the clocks.
EXPECTED = {
    "en": dict(cities=("Warsaw / Варшава (WAW)", "Chișinău / Кишинев (KIV)"),
               zones=("Vilnius, UTC+2", "Warsaw, UTC+1", "Chișinău, UTC+2")),
    "lt": dict(cities=("Varšuva / Варшава (WAW)", "Kišiniovas / Кишинев (KIV)"),
               zones=("Vilnius, UTC+2", "Varšuva, UTC+1", "Kišiniovas, UTC+2")),
    "ru": dict(cities=("Варшава (WAW)", "Кишинев (KIV)"),
               zones=("Вильнюс, UTC+2", "Варшава, UTC+1", "Кишинев, UTC+2")),
}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_itinerary_names_cities_and_clocks_in_the_documents_languages(engine, officer, moldovan_case, lang):  # noqa: F811
    text = itinerary_text(engine, officer, moldovan_case, lang)
    for city in EXPECTED[lang]["cities"]:
        assert city in text
    for zone in EXPECTED[lang]["zones"]:
        assert zone in text
    assert "Europe/" not in text and "UTC+01:00" not in text and "UTC+02:00" not in text
    if lang != "en":
        assert "Warsaw" not in text and "Chisinau" not in text


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_arrival_after_midnight_is_marked_plus_one(engine, officer, moldovan_case, lang):  # noqa: F811
    itinerary = itinerary_text(engine, officer, moldovan_case, lang)
    assert "00:45 +1" in itinerary and "21:10 +1" not in itinerary
    manifest = manifest_text(engine, officer, lang)
    assert "VNO–WAW 21:00–21:10 " in manifest and "WAW–KIV 21:45–00:45+1" in manifest


NOTES = {
    "en": ("Short connection at Warsaw (WAW): 35 min between LO 772 and LO 515, at least 45 min are needed.",
           "Short connection at WAW: 35 min (minimum 45 min)"),
    "lt": ("Trumpas persėdimas: Varšuva (WAW), tarp LO 772 ir LO 515 tik 35 min. (reikia bent 45 min.).",
           "Trumpas persėdimas: WAW, 35 min. (mažiausiai 45 min.)"),
    "ru": ("Короткая пересадка: Варшава (WAW), между LO 772 и LO 515 всего 35 мин (нужно не менее 45 мин).",
           "Короткая пересадка: WAW, 35 мин (минимум 45 мин)"),
}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_short_connection_is_printed_for_escorts_and_transit_staff(engine, officer, moldovan_case, lang):  # noqa: F811
    itinerary = itinerary_text(engine, officer, moldovan_case, lang)
    manifest = manifest_text(engine, officer, lang)
    assert NOTES[lang][0] in itinerary and NOTES[lang][1] in manifest
    assert NOTES["ru"][0] in itinerary  # and in the returnee's Russian below the office language


def test_a_short_connection_is_not_counted_as_a_special_need(engine, officer, moldovan_case):  # noqa: F811
    with unit_of_work(engine) as session:
        snapshot = travel_snapshots.manifest_snapshot(session, officer, IOM_VILNIUS, TRAVEL_DAY, "en", FIXED_NOW)
    assert dict(snapshot.summary)["Travellers with special needs"] == "0"
    assert all(row.connections and not row.needs for flight in snapshot.flights for row in flight.rows)


def test_a_connection_long_enough_prints_no_note(engine, actor, officer, make_case):  # noqa: F811
    from tests.documents.test_travel_documents import book

    case = book(engine, actor, officer, make_case)  # 90 minutes in Istanbul
    assert "Short connection" not in itinerary_text(engine, officer, case, "en")
    assert "short connection" not in manifest_text(engine, officer, "en")


def test_a_short_connection_prints_in_a_returnee_language_from_its_wording_file(engine, officer, moldovan_case):  # noqa: F811
    """Romanian has no interface catalog: the note comes from the ``frame`` block of ``documents/ro.json``."""
    itinerary = itinerary_text(engine, officer, moldovan_case, "ro")
    assert "doar 35 min între LO 772 și LO 515, sunt necesare cel puțin 45 min." in itinerary
    assert "Short connection" not in itinerary and "Pagina 1 din " in itinerary


def test_a_returnee_reading_romanian_finds_the_note_beside_the_office_language(engine, actor, officer, make_case):  # noqa: F811
    """Before, a returnee language was left out of the note unless the interface's catalog had it (en, lt, ru)."""
    case = _booked_via_warsaw(engine, actor, officer, make_case, languages=("ro",))
    itinerary = itinerary_text(engine, officer, case, "lt")
    assert NOTES["lt"][0] in itinerary
    assert "doar 35 min între LO 772 și LO 515, sunt necesare cel puțin 45 min." in itinerary


def test_every_line_of_an_itinerary_in_two_languages_is_in_both(engine, actor, officer, make_case):  # noqa: F811
    """"No assistance on the way has been arranged." and "As shown on your ticket" printed in the office's
    language only (found by a walk through the app)."""
    import json
    from pathlib import Path

    labels = json.loads((Path(__file__).resolve().parents[2] / "resources" / "documents" / "ro.json").read_text(
        encoding="utf-8"))["itinerary"]["labels"]
    case = _booked_via_warsaw(engine, actor, officer, make_case, languages=("ro",))
    itinerary = itinerary_text(engine, officer, case, "en")
    assert "No assistance on the way has been arranged." in itinerary  # nothing arranged for this case
    for key in ("no_meetings", "baggage_ticket"):
        assert " ".join(labels[key].split()) in itinerary, key


def test_a_short_connection_from_another_airport_names_both(engine, actor, officer, make_case):  # noqa: F811
    """Landing at Warsaw Chopin (WAW) and leaving from Modlin (WMI): the note said only "Short connection at
    Warsaw (WMI)", so escorts were not told the travellers must cross the city."""
    detail = make_case(members=1, principal=make_person(**MD_PRINCIPAL), country_of_return="MD")
    advance(engine, actor, detail.id)
    people = [m.person.id for m in detail.members]
    give_documents(engine, officer, people)
    first, second = via_warsaw(TRAVEL_DAY, people)
    with unit_of_work(engine) as session:
        saved = travel.save_itinerary(session, officer, detail.id, 0, ItineraryForm(
            (first, dataclasses.replace(second, origin="WMI"))))
    assert "WMI" in saved.warnings["segments.1.origin"]  # the booking warned about the change of airport
    assert "Short connection at Warsaw (WAW) – Warsaw (WMI): 35 min between LO 772 and LO 515, at least 180 min" \
        in itinerary_text(engine, officer, detail, "en")  # a change of airport needs 3 hours, not 45 minutes
    assert "Short connection at WAW – WMI: 35 min" in manifest_text(engine, officer, "en")


def test_a_traveller_whose_document_is_not_in_hand_is_said_so_on_the_manifest(engine, actor, officer, make_case):  # noqa: F811
    """Seen on the walk: on the manifest a father whose passport was only requested had an empty document cell,
    as if there were nothing to know; it now says the document is not in hand yet."""
    from avrcase.domain.travel_documents import TravelDocumentStatus

    detail = make_case(members=1, principal=make_person(**MD_PRINCIPAL), country_of_return="MD")
    advance(engine, actor, detail.id)
    principal, child = (m.person.id for m in detail.members)
    give_documents(engine, officer, [principal])
    give_documents(engine, officer, [child], status=TravelDocumentStatus.REQUESTED)
    with unit_of_work(engine) as session:
        travel.save_itinerary(session, officer, detail.id, 0, ItineraryForm(via_warsaw(TRAVEL_DAY, [principal, child])))
        snapshot = travel_snapshots.manifest_snapshot(session, officer, IOM_VILNIUS, TRAVEL_DAY, "en", FIXED_NOW)
    documents = sorted(row.document for flight in snapshot.flights for row in flight.rows)
    assert documents == ["Not in hand yet", f"Passport P{principal:07d}"]
    assert "Not in hand yet" in manifest_text(engine, officer, "en")


def test_the_manifest_lists_a_household_principal_first_as_the_itinerary_does(engine, actor, officer, make_case):  # noqa: F811
    """Seen on the walk: a Vietnamese household printed as "NGUYỄN Minh Đức, NGUYỄN Thị Hương, NGUYỄN Đức Anh"
    (sorted by code point, "Đ" after "T"): the father after his children, the escort's note on a child."""
    principal = make_person(family_name="Nguyễn", given_names="Đức Anh", family_name_original="",
                            given_names_original="", citizenship="VN", languages=("vi",))
    detail = make_case(members=1, principal=principal, country_of_return="VN")
    advance(engine, actor, detail.id)
    people = [m.person.id for m in detail.members]
    give_documents(engine, officer, people)
    with unit_of_work(engine) as session:
        travel.save_itinerary(session, officer, detail.id, 0, ItineraryForm(via_warsaw(TRAVEL_DAY, people)))
        snapshot = travel_snapshots.manifest_snapshot(session, officer, IOM_VILNIUS, TRAVEL_DAY, "en", FIXED_NOW)
    names = [row.traveller.splitlines()[0] for flight in snapshot.flights for row in flight.rows]
    assert names == ["NGUYỄN Đức Anh", "BERIDZE Child One"]
    text = manifest_text(engine, officer, "en")
    assert text.index("NGUYỄN Đức Anh") < text.index("BERIDZE Child One")


def test_an_arabic_itinerary_prints_the_next_day_as_plus_one(engine, actor, officer, make_case):  # noqa: F811
    """Before: the day marker beside an Arabic date printed turned round, "1+ 00:45"."""
    case = _booked_via_warsaw(engine, actor, officer, make_case, languages=("ar",))
    pdf = issue(engine, officer, "itinerary", case.id, "ar")[1]
    lines = [line.replace("\u200e", "") for line in page_texts(pdf)[0].splitlines() if "00:45" in line]
    assert lines and all("+1" in line and "1+" not in line for line in lines), lines
