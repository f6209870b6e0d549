"""The letter of introduction never leaves its closing and signature alone on a page."""

from __future__ import annotations

import pytest

from avrcase.domain.travel import WheelchairCode
from avrcase.documents import introduction_letter
from avrcase.services.documents import case_snapshots as snapshots
from avrcase.services.office import IOM_VILNIUS
from tests.documents.conftest import ISSUED_AT, page_texts
from tests.documents.test_travel_documents import CASE, book, issue, letter_snapshot, officer  # noqa: F401 - fixture

CLOSING = "Thank you for your cooperation"


def test_a_household_of_five_letters_last_page_holds_more_than_the_closing(engine, actor, officer, make_case):  # noqa: F811
    """A household of five with transit assistance and an escort: the letter ran onto a second page that held only
    "Thank you for your cooperation", "Yours sincerely," and the signature lines."""
    case = book(engine, actor, officer, make_case, members=4, wheelchair=WheelchairCode.WCHC,
                escort="Dr Ona Jonaitienė")
    _row, pdf = issue(engine, officer, "introduction-letter", case.id)
    pages = page_texts(pdf)
    last = pages[-1]
    assert CLOSING in last and "Yours sincerely," in last
    before_closing = last.split(CLOSING)[0]
    assert "Special needs" in before_closing and "WCHC; Medical oxygen on board" in before_closing


@pytest.mark.parametrize("lang", ["en", "lt", "ru"])
@pytest.mark.parametrize("members", [0, 3])
def test_a_letter_a_little_over_a_page_fits_on_one_in_every_language(engine, actor, officer, make_case, lang,  # noqa: F811
                                                                    members):
    """Walk 11: a Russian letter for one traveller ran onto a second page holding only "Special needs" and the
    closing (kept together), a third of page 1 blank; tighter gaps now keep it on one page, the print as large."""
    case = book(engine, actor, officer, make_case, members=members, wheelchair=WheelchairCode.WCHC,
                escort="Dr Ona Jonaitienė")
    row, pdf = issue(engine, officer, "introduction-letter", case.id, lang)
    (page,) = page_texts(pdf)
    assert row.pages == 1
    assert "Test Travel officer" in page and "WCHC" in page and "BERIDZE Nino" in page
    assert page.count("BERIDZE") >= members + 2  # every traveller, and the needs section, on the page


#: The demo's household of five (VNO-2026-00116) as its Russian letter prints it: dates and documents on two lines.
_RU_HOUSEHOLD = tuple(
    introduction_letter.LetterTraveller(name, "", born, "Пакистан", document) for name, born, document in (
        ("QURESHI Imran", "13 февр. 1968 г.", "Паспорт PK5727873"),
        ("QURESHI Hina", "19 апр. 1966 г.", "Паспорт PK4433259"),
        ("QURESHI Faisal", "25 нояб. 2015 г.", "Временный проездной документ PK4519034"),
        ("QURESHI Zeeshan", "15 окт. 2009 г.", "Временный проездной документ PK9076859"),
        ("QURESHI Ayesha", "21 сент. 2016 г.", "Паспорт PK3982913")))


@pytest.mark.parametrize("needs", [(), (("QURESHI Imran", "WCHC"),)])
def test_a_russian_letter_for_a_household_of_five_breaks_before_the_journey(needs):
    """Walk 13: the Russian letter for a household of five held everything but "Особые потребности" and the closing
    on page 1 (page 2 a quarter full); the journey, the assistance, the needs and the closing now go on together,
    the pages balanced, and nothing is cut."""
    labels = {key: snapshots.tr("ru", text) for key, text in introduction_letter.LABELS.items()}
    snapshot = letter_snapshot(
        frame=snapshots.page_frame(IOM_VILNIUS, labels["title"], CASE, "ru", ISSUED_AT), labels=labels,
        paragraphs=(labels["introduction"] % {"country": "Пакистан", "organisation": "IOM"}, labels["request"]),
        travellers=_RU_HOUSEHOLD,
        legs=(introduction_letter.LetterLeg("TK 1027", "Вильнюс (VNO) – Стамбул (IST)", "20 дек. 2026 г., 07:15",
                                            "20 дек. 2026 г., 11:00"),
              introduction_letter.LetterLeg("TK 1778", "Стамбул (IST) – Исламабад (ISB)", "20 дек. 2026 г., 12:15",
                                            "20 дек. 2026 г., 19:45")),
        assistance=(("Помощь при отъезде", "VNO · IOM"), ("Помощь при транзите", "IST · IOM"),
                    ("Встреча и помощь по прибытии", "ISB · IOM")),
        needs=needs, closing=labels["closing"] % {"phone": "+370 5 261 01 15"})
    first, second = page_texts(introduction_letter.render(snapshot).pdf)
    assert labels["travellers"] in first and all(person.name in first for person in _RU_HOUSEHOLD)
    assert labels["journey"] not in first and labels["journey"] in second
    assert labels["assistance"] in second and labels["needs"] in second and "Eglė Petrauskienė" in second
