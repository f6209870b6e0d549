"""Travel paperwork (itinerary, introduction letter, manifest) as the returnee and the airline read it."""

from __future__ import annotations

import dataclasses

import pytest

from avrcase.documents import introduction_letter, itinerary, manifest
from avrcase.documents.bilingual import Wording
from avrcase.services import document_snapshots as snapshots
from avrcase.services import document_wording
from avrcase.services.office import IOM_VILNIUS
from tests.documents.conftest import ISSUED_AT, RUSSIAN_FAMILY, RUSSIAN_GIVEN, page_texts
from tests.documents.pdf_checks import assert_fonts_embedded, qpdf_problems

ARABIC_FAMILY, ARABIC_GIVEN = "الربيعي", "كريم"
CASE = "VNO-2026-00042"


def _frame(title: str, lang: str = "lt", case_number: str = CASE):
    return snapshots.page_frame(IOM_VILNIUS, title, case_number, lang, ISSUED_AT)


def itinerary_snapshot(languages=("lt", "ru")) -> itinerary.ItinerarySnapshot:
    """An Iraqi family's flight home through Istanbul, built by hand."""
    texts = document_wording.wordings("itinerary", languages)
    mode = document_wording.term_in(texts, "travel_mode", "air")
    return itinerary.ItinerarySnapshot(
        frame=_frame(texts[0].title, languages[0]), texts=texts, heading=f"Karim Al-Rubaie · {CASE}",
        journey=(("case_number", CASE), ("travel_date", "2026-12-02"), ("country_of_return", "Irakas"),
                 ("final_destination", "Erbil"), ("booking", "K7XQ2P")),
        travellers=(
            itinerary.TravellerLine("AL-RUBAIE Karim", f"{ARABIC_FAMILY} {ARABIC_GIVEN}", "1984-03-09",
                                    "Passport A1234567", "235-1234567890, 235-1234567891"),
            itinerary.TravellerLine(f"KUZNETSOVA Alyona", f"{RUSSIAN_FAMILY} {RUSSIAN_GIVEN}", "1990-02-03",
                                    "ETC RU1234567", "235-1234567892"),
        ),
        legs=(
            itinerary.LegLine(mode, "TK 1402", "Vilnius (VNO)", "2026-12-02 06:15", "Europe/Vilnius, UTC+02:00",
                              "Istanbul (IST)", "2026-12-02 09:40", "Europe/Istanbul, UTC+03:00", "K7XQ2P"),
            itinerary.LegLine(mode, "TK 784", "Istanbul (IST)", "2026-12-02 12:10", "Europe/Istanbul, UTC+03:00",
                              "Erbil (EBL)", "2026-12-02 15:20", "Asia/Baghdad, UTC+03:00", "K7XQ2P"),
        ),
        meetings=(
            itinerary.MeetingLine(document_wording.term_in(texts, "assistance_kind", "transit"), "IST",
                                  "IOM Istanbul", document_wording.term_in(texts, "assistance_status", "confirmed")),
            itinerary.MeetingLine(document_wording.term_in(texts, "assistance_kind", "reception"), "EBL",
                                  "IOM Erbil", document_wording.term_in(texts, "assistance_status", "requested")),
        ),
        baggage=(("baggage_allowance", "23 kg"), ("excess_baggage", "20 kg")),
        onward=(("onward_mode", "Car"), ("onward_provider", "IOM Iraq"), ("final_destination", "Erbil")),
        emergency=(("emergency_office", "IOM Vilnius Office"), ("emergency_phone", "+370 5 261 01 15")),
    )


def letter_snapshot(**changes) -> introduction_letter.IntroductionLetterSnapshot:
    """The letter for the same family, one of whom needs a wheelchair to the seat and an escort."""
    labels = {key: snapshots.tr("en", text) for key, text in introduction_letter.LABELS.items()}
    snapshot = introduction_letter.IntroductionLetterSnapshot(
        frame=_frame(labels["title"], "en"), labels=labels, reference=CASE, date_line="Vilnius, 23 Nov 2026",
        paragraphs=(labels["introduction"] % {"country": "Iraq", "organisation": "IOM"}, labels["request"]),
        travellers=(introduction_letter.LetterTraveller("AL-RUBAIE Karim", f"{ARABIC_FAMILY} {ARABIC_GIVEN}",
                                                        "9 Mar 1984", "Iraq", "Passport A1234567"),),
        legs=(introduction_letter.LetterLeg("TK 1402", "VNO – IST", "2 Dec 2026, 06:15", "2 Dec 2026, 09:40"),),
        assistance=(("Transit assistance", "IST · IOM Istanbul"),),
        needs=(("AL-RUBAIE Karim", "WCHC; Medical escort: Dr Ona Jonaitienė"),),
        closing=labels["closing"] % {"phone": "+370 5 261 01 15"}, signatory="Eglė Petrauskienė",
        signatory_office="IOM Vilnius Office",
    )
    return dataclasses.replace(snapshot, **changes)


def manifest_snapshot(rows_per_flight: int = 3) -> manifest.ManifestSnapshot:
    """A day with two flights."""
    labels = {key: snapshots.tr("en", text) for key, text in manifest.LABELS.items()}

    def rows(prefix: str, count: int):
        return tuple(manifest.ManifestRow(f"VNO-2026-{i:05d}", f"{prefix} TRAVELLER {i:03d}", "1990-01-01", "GE",
                                          f"Passport GE{i:07d}", "TK 1402 VNO–IST 06:15–09:40\nTK 384 IST–TBS 12:00–14:55",
                                          "WCHR" if i == 0 else "") for i in range(count))
    return manifest.ManifestSnapshot(
        frame=_frame(labels["title"], "en", ""), labels=labels, day="2 Dec 2026", flight="",
        summary=(("Cases", "2"), ("Travellers", str(2 * rows_per_flight))),
        flights=(manifest.ManifestFlight("TK 1402", "VNO – IST", "06:15", rows("FIRST", rows_per_flight)),
                 manifest.ManifestFlight("LO 772", "VNO – WAW", "09:30", rows("SECOND", rows_per_flight))),
    )


# ---------------------------------------------------------------- renderers


def test_itinerary_prints_both_languages_and_every_script():
    rendered = itinerary.render(itinerary_snapshot())
    text = "\n".join(page_texts(rendered.pdf))
    assert "Jūsų kelionės planas" in text and "Ваш план поездки" in text
    assert "Jūsų kelionė / Ваш маршрут" in text  # headings in both languages
    assert f"{RUSSIAN_FAMILY} {RUSSIAN_GIVEN}" in text
    assert "TK 1402" in text and "Europe/Istanbul, UTC+03:00" in text
    assert "IOM Istanbul" in text and "+370 5 261 01 15" in text
    assert "Самолёт" in text  # the mode in the returnee's language under the office language's
    assert rendered.pages == len(page_texts(rendered.pdf))
    assert_fonts_embedded(rendered.pdf)


def test_itinerary_in_one_language_when_the_returnee_reads_the_office_language():
    snapshot = itinerary_snapshot(("en",))
    assert not snapshot.bilingual
    text = "\n".join(page_texts(itinerary.render(snapshot).pdf))
    assert "Your travel plan" in text and "Ваш" not in text


def test_itinerary_without_legs_says_so():
    snapshot = dataclasses.replace(itinerary_snapshot(("en",)), legs=(), meetings=())
    text = "\n".join(page_texts(itinerary.render(snapshot).pdf))
    assert "The journey has not been booked yet." in text
    assert "No assistance on the way has been arranged." in text


def test_introduction_letter_lists_travellers_needs_and_signatory():
    rendered = introduction_letter.render(letter_snapshot())
    text = "\n".join(page_texts(rendered.pdf))
    assert "Letter of introduction and request for travel assistance" in text
    assert "To whom it may concern," in text
    assert "returning voluntarily to Iraq" in text
    assert "WCHC" in text and "Dr Ona Jonaitienė" in text
    assert "Eglė Petrauskienė" in text and "Page 1 of 1" in text
    assert_fonts_embedded(rendered.pdf)


def test_introduction_letter_without_needs_says_none_are_needed():
    text = "\n".join(page_texts(introduction_letter.render(letter_snapshot(needs=())).pdf))
    assert "No special assistance on board is needed." in text


def test_manifest_groups_by_flight_and_repeats_headers_across_pages():
    rendered = manifest.render(manifest_snapshot(rows_per_flight=30))
    texts = page_texts(rendered.pdf)
    assert rendered.pages == len(texts) >= 2
    joined = "\n".join(texts)
    assert "TK 1402 · VNO – IST · departs 06:15" in joined and "LO 772 · VNO – WAW · departs 09:30" in joined
    assert joined.index("FIRST TRAVELLER 029") < joined.index("LO 772") < joined.index("SECOND TRAVELLER 000")
    assert all(f"SECOND TRAVELLER {i:03d}" in joined for i in range(30))
    for text in texts:
        if "TRAVELLER" in text:
            assert "Travel document" in text  # the table header on every page the list spans
    assert_fonts_embedded(rendered.pdf)


def test_empty_manifest_says_nobody_leaves():
    snapshot = dataclasses.replace(manifest_snapshot(), flights=())
    assert "Nobody is booked to leave on this day." in page_texts(manifest.render(snapshot).pdf)[0]


def test_travel_documents_pass_qpdf(tmp_path):
    for rendered in (itinerary.render(itinerary_snapshot()), introduction_letter.render(letter_snapshot()),
                     manifest.render(manifest_snapshot())):
        problems = qpdf_problems(rendered.pdf, tmp_path)
        if problems is None:
            pytest.skip("qpdf is not installed")
        assert problems == ""


def test_every_wording_file_has_the_english_keys():
    english = document_wording.wording_file("en")
    for path in document_wording.wording_files():
        other = document_wording.wording_file(path.name.removesuffix(".json"))
        for section in ("itinerary", "allowance_receipt", "reintegration_plan"):
            assert other[section]["labels"].keys() == english[section]["labels"].keys(), (path.name, section)
            assert len(other[section]["statements"]) == len(english[section]["statements"]), (path.name, section)
        assert other["common"].keys() == english["common"].keys(), path.name
        for vocabulary, values in english["terms"].items():
            assert other["terms"][vocabulary].keys() == values.keys(), (path.name, vocabulary)


def test_document_languages_pick_the_returnees_language_with_a_wording():
    assert document_wording.document_languages("lt", ("ar", "ru", "en")) == ("lt", "ru")
    assert document_wording.document_languages("lt", ("lt", "ru")) == ("lt",)
    assert document_wording.document_languages("xx", ("ka",)) == ("en",)


def test_wording_is_a_frozen_value():
    text = document_wording.wording("itinerary", "en")
    assert isinstance(text, Wording)
    with pytest.raises(dataclasses.FrozenInstanceError):
        text.title = "x"  # type: ignore[misc]
