"""The office's copy of a paper whose translation is a draft printed its note ("Office copy. Translation not yet
reviewed (draft): …") in English on a paper in a returnee's language: the note is now the ``office_copy`` text of
the language's documents wording file. The key is optional, so an office's file exported before it existed still
imports and prints the shipped file's note in that language."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.wording import DOCUMENTS, parse_wording_file, shipped_file
from avrcase.services.documents import office_wording
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.documents.conftest import page_texts
from tests.documents.test_travel_documents import book, officer  # noqa: F401  (fixture)


@pytest.fixture
def admin(actor_as):
    return actor_as(StaffRole.ADMINISTRATOR)


def _itinerary(engine, actor, officer, make_case, lang: str) -> bytes:  # noqa: F811
    case = book(engine, actor, officer, make_case, principal=make_person(languages=(lang,)))
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, officer, "itinerary", case.id, lang)
        assert row.language == lang
        return documents.document_bytes(session, officer, row.id)


def test_the_office_copy_note_prints_in_the_papers_language(engine, actor, officer, make_case):  # noqa: F811
    pages = [" ".join(text.split()) for text in page_texts(_itinerary(engine, actor, officer, make_case, "fr"))]
    office = [text for text in pages if "Exemplaire du bureau. Traduction pas encore relue (projet) : français." in text]
    assert office and len(office) * 2 == len(pages), pages[-1][-200:]
    assert not any("Office copy" in text or "not yet reviewed" in text for text in pages)


def test_an_office_file_without_the_note_still_imports_and_prints_the_shipped_note(engine, actor, officer,  # noqa: F811
                                                                                  make_case, admin):
    data = json.loads(json.dumps(shipped_file(DOCUMENTS, "es")))
    del data["frame"]["office_copy"]  # a file exported before the key existed
    data["itinerary"]["title"] = "Su plan de viaje de la oficina"
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    parse_wording_file(raw)
    with unit_of_work(engine) as session:
        office_wording.import_wording(session, admin, raw)
    pages = [" ".join(text.split()) for text in page_texts(_itinerary(engine, actor, officer, make_case, "es"))]
    assert "Su plan de viaje de la oficina" in pages[0]  # the office's file is the one printed
    assert any("Copia de la oficina. Traducción aún no revisada (borrador): español." in text for text in pages)


def test_an_office_file_with_its_own_note_prints_it(engine, actor, officer, make_case, admin):  # noqa: F811
    data = json.loads(json.dumps(shipped_file(DOCUMENTS, "es")))
    data["frame"]["office_copy"] = "Ejemplar de archivo de la oficina ({languages}, sin revisar)."
    with unit_of_work(engine) as session:
        office_wording.import_wording(session, admin, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    pages = [" ".join(text.split()) for text in page_texts(_itinerary(engine, actor, officer, make_case, "es"))]
    assert any("Ejemplar de archivo de la oficina (español, sin revisar)." in text for text in pages)


def test_the_pashto_note_reads_right_to_left(engine, actor, officer, make_case, tmp_path):  # noqa: F811
    """A Pashto itinerary's office copy prints its note in Pashto, its first word at the right and the language's
    name at the left end of the line."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(_itinerary(engine, actor, officer, make_case, "ps"))
    out = subprocess.run(["pdftotext", "-bbox", "-f", "3", "-l", "3", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    boxes = [(float(m[1]), float(m[2]), unicodedata.normalize("NFKC", m[3])[::-1]) for m in
             re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', out)]
    [top] = {y for _x, y, word in boxes if word == "ژباړه"}
    line = [word for _x, y, word in sorted(boxes, reverse=True) if abs(y - top) < 2]  # right to left
    assert line[:3] == ["د", "دفتر", "نسخه."] and line[-1].startswith("پښتو"), line
