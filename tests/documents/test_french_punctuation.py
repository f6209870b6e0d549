"""French papers put a no-break space before : ; ? ! (so a line never starts with the mark); other languages do not."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from avrcase.documents import allowance_receipt
from avrcase.documents.base import STYLES, para
from avrcase.i18n.format import punctuation
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.documents.conftest import page_texts
from tests.documents.test_finance_documents import receipt_snapshot


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page_texts(pdf)).split())


def test_the_signature_line_of_a_french_paper_has_a_space_before_its_colon():
    # "Lieu et date: Vilnius," was printed with the colon against the word, as in English.
    assert "Lieu et date : Vilnius" in _text(allowance_receipt.render(receipt_snapshot(("fr",))).pdf)
    assert "Vieta ir data / Lieu et date : Vilnius" in _text(allowance_receipt.render(receipt_snapshot(("lt", "fr"))).pdf)
    assert "Vieta ir data / Place and date: Vilnius" in _text(allowance_receipt.render(receipt_snapshot(("lt", "en"))).pdf)


def test_a_line_never_starts_with_the_colon_after_its_no_break_space():
    style = STYLES["small"]
    words = "Lieu et date"
    paragraph = para(f"{words}{punctuation(':', 'fr')} Vilnius", "small")
    paragraph.wrap(stringWidth(words + " ", style.fontName, style.fontSize) + 1, 1000)
    lines = [" ".join(line.words if hasattr(line, "words") else line[1]) for line in paragraph.blPara.lines]
    assert not any(line.lstrip().startswith(":") for line in lines), lines
    assert punctuation(":", "en") == ":" and punctuation("?", "fr") == "\u00a0?"


def test_the_french_declaration_lists_the_offices_recipients_with_a_space_before_each_semicolon(
        engine, actor, make_case):
    case = make_case(principal=make_person(languages=("fr",)))
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id, "fr")
        text = _text(documents.document_bytes(session, actor, row.id))
    assert "(travel documents and departure) ; the embassy" in text
