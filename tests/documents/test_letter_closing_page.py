"""The letter of introduction never leaves its closing and signature alone on a page."""

from __future__ import annotations

import pytest

from avrcase.domain.travel import WheelchairCode
from tests.documents.conftest import page_texts
from tests.documents.test_travel_documents import book, issue, officer  # noqa: F401 - ``officer`` is a fixture

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
