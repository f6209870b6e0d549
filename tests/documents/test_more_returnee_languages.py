"""The papers a returnee reads and signs also print in French, Pashto, Spanish, Amharic, Tigrinya, Somali, Hindi,
Albanian, Portuguese and Mongolian: before, a returnee who reads only one of these got the itinerary and the
declaration in the office's language alone. Each language's own words are read back from the printed PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

from avrcase.domain.codes import Sex
from avrcase.domain.wording import DECLARATION, DOCUMENTS, SHIPPED, shipped_file
from avrcase.services.documents import register as documents
from avrcase.services.documents.languages import printable_languages
from avrcase.services.office import BLANK
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.documents.test_travel_documents import book, officer  # noqa: F401  (fixture)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

#: Bengali (Bangladesh), then Nepali, Chinese (simplified), Swahili and Korean, added after the first ten.
LATER_LANGUAGES = ("bn", "ne", "zh", "sw", "ko")

#: Languages many returnees from Europe read, most returnees first (one per script family among them: Latin,
#: Arabic right to left, Ethiopic, Devanagari, Cyrillic).
NEW_LANGUAGES = ("fr", "ps", "es", "am", "ti", "so", "hi", "sq", "pt", "mn", *LATER_LANGUAGES)

#: The word of a statement that takes the signer's sex, as a woman signs it.
_SIGNED_BY_A_WOMAN = {"fr": "soussignée", "pt": "informada", "hi": "करती"}

_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufeff]")
def _printed_words(pdf: bytes, tmp_path) -> set[str]:
    """The words pdftotext finds (also without the punctuation after them), compatibility forms folded (Arabic
    presentation forms become letters), a right-to-left word put back in its letters' logical order (pdftotext gives
    it left to right). A Bengali or Devanagari word reads in the order its letters are typed (its ``/ActualText``)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pieces: list[list] = []  # [text, xMax, yMin]
    for match in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out):
        word = unicodedata.normalize("NFKC", match[4].replace("&amp;", "&").replace("&apos;", "'"))
        x_min, y_min, x_max = float(match[1]), float(match[2]), float(match[3])
        # Less than a space apart on one line, the first ending in a virama or the second in a mark: one word.
        if pieces and abs(pieces[-1][2] - y_min) < 0.5 and x_min - pieces[-1][1] < 1.3 and (
                pieces[-1][0].endswith(("\u09cd", "\u094d")) or unicodedata.category(word[:1]) in ("Mn", "Mc")):
            pieces[-1][:2] = [pieces[-1][0] + word, x_max]
        else:
            pieces.append([word, x_max, y_min])
    words = set()
    for piece, _x, _y in pieces:
        word = unicodedata.normalize("NFKC", piece[::-1] if _RIGHT_TO_LEFT.search(piece) else piece)
        words |= {word, word.strip(",.;:!?()«»،؛।።፣")}
    return words


def _missing(text: str, printed: set[str]) -> list[str]:
    """The words of ``text`` not printed."""
    return [word for word in unicodedata.normalize("NFKC", text).split() if word.strip("()/:") not in printed]


@pytest.mark.parametrize("lang", NEW_LANGUAGES)
def test_each_language_ships_every_paper_as_a_draft_and_is_offered(lang):
    for kind in (DOCUMENTS, DECLARATION):
        data = shipped_file(kind, lang)
        assert data is not None and data["language"] == lang and data["status"] == "draft", kind
        assert SHIPPED.entry(kind, lang).draft
    for doc_type in ("declaration", "itinerary", "allowance-receipt", "reintegration-plan"):
        assert lang in printable_languages(doc_type, BLANK), doc_type  # a shipped font draws every character


@pytest.mark.parametrize("lang", NEW_LANGUAGES)
def test_the_itinerary_prints_in_the_returnees_language_under_the_office_language(engine, actor, officer,  # noqa: F811
                                                                                make_case, lang, tmp_path):
    case = book(engine, actor, officer, make_case, principal=make_person(languages=(lang,)))
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, officer, "itinerary", case.id, "lt")
        pdf = documents.document_bytes(session, officer, row.id)
    assert row.language == f"lt+{lang}"
    wording = shipped_file(DOCUMENTS, lang)["itinerary"]
    printed = _printed_words(pdf, tmp_path)
    assert "Jūsų" in printed  # the office's Lithuanian first
    for text in (wording["title"], wording["labels"]["legs"], wording["labels"]["baggage"]):
        assert _missing(text, printed) == [], (lang, text)


@pytest.mark.parametrize("lang", NEW_LANGUAGES)
def test_the_declaration_prints_in_the_returnees_language(engine, actor, make_case, lang, tmp_path):
    case = make_case(principal=make_person(languages=(lang,), sex=Sex.FEMALE))
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id, "lt")
        pdf = documents.document_bytes(session, actor, row.id)
    assert row.language == f"lt+{lang}"
    wording = shipped_file(DECLARATION, lang)
    printed = _printed_words(pdf, tmp_path)
    for text in (wording["labels"]["declaration"], wording["labels"]["signatures"], wording["sharing"]["yes"]):
        assert _missing(text, printed) == [], (lang, text)
    if lang in _SIGNED_BY_A_WOMAN:  # a first-person statement agrees with the signer («Je soussignée», «मैं … करती हूँ»)
        assert _SIGNED_BY_A_WOMAN[lang] in printed, lang



@pytest.mark.parametrize(("lang", "city"), [("ru", "Вильнюс"), ("mn", "Вильнюс"), ("uk", "Вільнюс")])
def test_the_declarations_place_of_signing_is_the_office_city_as_its_language_writes_it(engine, actor, make_case,
                                                                                      lang, city, tmp_path):
    """The itinerary, receipt and plan name the office's city in their language ("Вильнюс"); the declaration
    printed "Vilnius" beside "Место и дата" on every signature line."""
    case = make_case(principal=make_person(languages=(lang,)))
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id, lang)
        pdf = documents.document_bytes(session, actor, row.id)
    assert row.language == lang
    assert f"{city}," in _printed_words(pdf, tmp_path)


@pytest.mark.parametrize("lang", LATER_LANGUAGES)
def test_the_receipt_and_the_plan_print_in_the_later_languages(lang, tmp_path):
    """The receipt and the plan beside Lithuanian read back their labels and a term (not the titles: pdftotext reads
    the reph of Nepali पुनर्स्थापना twice, पुनर्स्थार्पना)."""
    from avrcase.documents import allowance_receipt, reintegration_plan
    from tests.documents.test_finance_documents import plan_snapshot, receipt_snapshot

    wording = shipped_file(DOCUMENTS, lang)
    for render, snapshot, section, term in (
            (allowance_receipt.render, receipt_snapshot(("lt", lang)), "allowance_receipt", ("payment_method", "prepaid_card")),
            (reintegration_plan.render, plan_snapshot(("lt", lang)), "reintegration_plan", ("item_status", "planned"))):
        printed = _printed_words(render(snapshot).pdf, tmp_path)
        texts = (wording[section]["labels"]["status" if section == "reintegration_plan" else "recipient"],
                 wording[section]["labels"]["cost" if section == "reintegration_plan" else "amount"],
                 wording["terms"][term[0]][term[1]])
        for text in texts:
            assert _missing(text, printed) == [], (lang, section, text)


@pytest.mark.parametrize("lang", LATER_LANGUAGES)
def test_a_paper_in_a_later_language_prints_the_office_copy_note_in_it(engine, actor, officer, make_case, lang,  # noqa: F811
                                                                      tmp_path):
    """An itinerary issued in the language alone prints its office copy's note in it, not in English."""
    case = book(engine, actor, officer, make_case, principal=make_person(languages=(lang,)))
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, officer, "itinerary", case.id, lang)
        printed = _printed_words(documents.document_bytes(session, officer, row.id), tmp_path)
    assert row.language == lang
    office_copy = re.split("[.。।]", shipped_file(DOCUMENTS, lang)["frame"]["office_copy"])[0]  # "Office copy"
    # Chinese prints the note as one word (no spaces): each word of "Office copy" begins a printed one.
    assert all(any(p.startswith(word) for p in printed) for word in office_copy.split()), (lang, office_copy)
    assert not {"Translation", "reviewed"} & printed, lang
