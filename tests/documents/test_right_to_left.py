"""Arabic and Persian documents read right to left in every cell and column, whatever letter a text begins with;
brackets face the words they hold; Latin words inside keep their own order. Read back from the PDFs' word
positions (pdftotext's text for right-to-left lines is not reliable on its own) and from the line order
the paragraphs draw."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import unicodedata

import pytest

from avrcase.documents import itinerary, paragraphs
from avrcase.documents.base import STYLES, LetterheadSnapshot, PageFrame, build_pdf, markup, para
from avrcase.documents.paragraphs import ScriptParagraph, document_language
from avrcase.domain import scripts
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.documents.test_travel_documents import itinerary_snapshot

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufeff]")
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def _lines(pdf: bytes, tmp_path, page: int = 1) -> list[list[tuple[float, str]]]:
    """The words of each printed line, left to right, with where each starts; an Arabic-script word in its
    letters' logical order (pdftotext gives presentation forms, left to right)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    rows: list[tuple[float, float, list[tuple[float, str]]]] = []
    boxes = re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out)
    for match in sorted(boxes, key=lambda m: float(m[2])):
        top, bottom = float(match[2]), float(match[3])
        word = unicodedata.normalize("NFKC", match[4].replace("&amp;", "&")).translate(_MARKS)
        if _RIGHT_TO_LEFT.search(word):
            word = word[::-1]
        row = next((r for r in rows if r[0] <= (top + bottom) / 2 <= r[1]), None)
        if row is None:
            rows.append((top, bottom, [(float(match[1]), word)]))
        else:
            row[2].append((float(match[1]), word))
    return [sorted(words) for _top, _bottom, words in sorted(rows)]


def _line_with(lines: list[list[tuple[float, str]]], word: str) -> list[str]:
    (line,) = [line for line in lines if word in [w for _x, w in line]]
    return [w for _x, w in line]


def _arabic_itinerary(**leg_changes) -> bytes:
    snapshot = itinerary_snapshot(languages=("ar",))
    leg = dataclasses.replace(snapshot.legs[0], **leg_changes)
    return itinerary.render(dataclasses.replace(snapshot, legs=(leg,))).pdf


def test_languages_written_right_to_left_are_known_by_their_codes():
    assert all(map(scripts.writes_right_to_left, ("ar", "fa", "ur", "ps", "he", "ckb", "fa-IR", "pa_Arab", "az-Arab")))
    assert not any(map(scripts.writes_right_to_left, ("en", "lt", "ru", "ka", "pa", "tr", "ku-Latn", "uz")))


def test_a_date_in_an_arabic_cell_that_opens_with_a_latin_city_keeps_its_day_beside_its_month(tmp_path):
    """The departure cell begins with a city the airport directory has no Arabic name for: it read left to right,
    and "22" stood beside the time ("22 10:40 ,2026 ديسمبر") instead of before its month, on the right."""
    pdf = _arabic_itinerary(origin="Kutaisi (KUT)", departure="22 ديسمبر 2026, 10:40", departure_zone="Kutaisi, UTC+4",
                            arrival="23 ديسمبر 2026, 01:15")
    line = [w.strip(",") for w in _line_with(_lines(pdf, tmp_path), "10:40")]
    start = line.index("10:40")
    assert line[start:start + 4] == ["10:40", "2026", "ديسمبر", "22"], line  # right to left: 22 ديسمبر 2026, 10:40
    city = _line_with(_lines(pdf, tmp_path), "Kutaisi")
    assert city[city.index("Kutaisi") + 1] == "(KUT)", city  # a Latin run keeps its order, brackets and all


def test_brackets_around_an_airport_code_in_an_arabic_itinerary_face_the_code(tmp_path):
    """"وارسو (WAW)": HarfBuzz kerns "WAW", so its brackets were shaped left to right and printed as ")WAW(" on the
    page; they are mirrored like any other bracket read right to left."""
    pdf = _arabic_itinerary(destination="وارسو (WAW)")
    line = _line_with(_lines(pdf, tmp_path), "وارسو")
    assert "(WAW)" in line and ")WAW(" not in line, line
    assert line.index("(WAW)") == line.index("وارسو") - 1  # the code on the left of its city, read after it


def test_a_phone_number_in_an_arabic_itinerary_keeps_its_groups_in_order(tmp_path):
    """A cell of digits only is a number: right-aligned in an Arabic document, but never turned around."""
    lines = [[w for _x, w in line] for line in _lines(_arabic_itinerary(), tmp_path)]
    phones = [line[line.index("+370"):line.index("+370") + 5] for line in lines if "+370" in line]
    assert len(phones) == 2  # the letterhead's and the emergency number's
    assert all(phone == ["+370", "5", "261", "01", "15"] for phone in phones), phones


def test_the_office_name_opening_a_persian_statement_reads_first_from_the_right(engine, actor, make_case, tmp_path):
    """A Persian reader's declaration: the legal-basis paragraph begins with the office's Latin name. Laid out
    left to right, the name printed on the left of the Persian words that follow it, and the line read backwards."""
    case = make_case(principal=make_person(languages=("fa",), family_name="Haddad"), members=0)
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id, "en")
        pdf = documents.document_bytes(session, actor, row.id)
    assert row.language == "en+fa"
    pages = [_lines(pdf, tmp_path, page) for page in (1, 2, 3)]
    persian_column = [[(x, w) for x, w in line if x > 300] for lines in pages for line in lines]
    # "{organisation} این اطلاعات را به کار می‌برد…" (the office's name, then "uses this information").
    (line,) = [line for line in persian_column if {"International", "این", "اطلاعات"} <= {w for _x, w in line}]
    latin = [x for x, w in line if re.fullmatch(r"[A-Za-z().,]+", w)]
    persian = [x for x, w in line if _RIGHT_TO_LEFT.search(w)]
    assert max(persian) < min(latin), line  # the Latin name on the right, where the reader starts


def _display(text: str, language: str | None, width: float = 400) -> list[list[str]]:
    """The pieces each line of a paragraph draws, left to right (Arabic-script pieces as "AR")."""
    with document_language("en"):
        paragraph = ScriptParagraph(markup(text), STYLES["statement"], language=language)
        paragraph.wrap(width, 1000)
        return [["AR" if _RIGHT_TO_LEFT.search(str(piece.text)) or "\ue000" <= str(piece.text)[:1] <= "\uf8ff"
                 else str(piece.text) for piece in paragraphs.display_order(line.words, paragraph.right_to_left)
                 if str(piece.text).strip()]
                for line in paragraph.blPara.lines]


def test_latin_words_inside_a_persian_column_keep_their_own_order():
    (line,) = _display("International Organization for Migration (IOM) این اطلاعات را به کار می‌برد", "fa")
    # Right to left: the name (itself left to right) first, on the right, then the Persian words to its left.
    assert line == ["AR"] * 6 + ["International", "Organization", "for", "Migration", "(IOM)"], line


def test_brackets_and_a_colon_after_persian_words_are_mirrored_once():
    """"شما (کنترل‌کننده داده‌ها): International…": the closing bracket and the colon, set in the Latin font, printed
    as "):" on the right of the words they follow; read right to left they stand as ":(" on their left."""
    (line,) = _display("مسئول اطلاعات شما (کنترل‌کننده داده‌ها): International Organization", "fa")
    shown = "".join(piece if piece != "AR" else "A" for piece in line)
    assert shown.startswith("InternationalOrganization:(A"), shown
    assert shown.endswith("A)AAA"), shown


def test_an_english_column_beside_it_stays_left_to_right():
    (line,) = _display("عبد الله signed this form (IOM).", "en")
    assert line == ["AR", "AR", "signed", "this", "form", "(IOM)."], line


def _frame(language: str) -> PageFrame:
    head = LetterheadSnapshot("Office of Returns", "Vilnius office", "", "", "", "", "", None)
    return PageFrame(head, "Scripts", "VNO-1", language, dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc),
                     "Case VNO-1", "Issued 4 Dec 2026", "Page %(page)d of %(pages)d")


def _boxes(pdf: bytes, tmp_path) -> list[tuple[float, float, float, str]]:
    """(top, left, right, word) of every word on the first page."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(m[2]), float(m[1]), float(m[3]), unicodedata.normalize("NFKC", m[4]).translate(_MARKS))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                                 out)]


def test_a_persian_amount_keeps_the_space_before_the_word_after_it(tmp_path):
    """CLDR's Persian amounts begin with a left-to-right mark ("\\u200e€ 750.00"): drawn as the mark, with a
    space's width counted for it, it pulled the amount a space to the left, onto "دریافت" (the receipt's
    "I received € 750.00")."""
    pdf = build_pdf(_frame("fa"), [para("به مبلغ کل \u200e€\xa0750.00 دریافت کرده\u200cام.")]).pdf
    words = [(left, right, word) for _top, left, right, word in _boxes(pdf, tmp_path) if "€" in word or "\u0641" in word]
    euro = [left for left, _right, word in words if word == "€"]
    received = [right for _left, right, word in words if word != "€"]
    assert euro and received, words  # the euro sign a word of its own, not glued to the Persian word
    assert euro[0] - received[0] > 1.5, words  # a space between them (about 2.9 pt at 11 pt)


def test_persian_lines_with_a_zero_width_non_joiner_reach_the_right_margin(tmp_path):
    """Each zero-width non-joiner ("حسینی‌نژاد") counted a space's width too: a right-aligned Persian line ended a
    space short of the margin for every one it held."""
    texts = ["زهرا حسینی\u200cنژاد", "زهرا حسینی نژاد", "می\u200cخواهم می\u200cروم"]
    pdf = build_pdf(_frame("fa"), [para(text) for text in texts]).pdf
    rows: dict[float, float] = {}
    for top, _left, right, word in _boxes(pdf, tmp_path):
        if _RIGHT_TO_LEFT.search(word):
            rows[round(top)] = max(rows.get(round(top), 0), right)
    ends = list(rows.values())
    assert len(ends) == 3 and max(ends) - min(ends) < 0.5, rows


def _words_shown(text: str) -> list[str]:
    """The words of a one-line English paragraph left to right; an Arabic word as its letters in reading order
    without vowel marks (the shaped glyphs are drawn right to left, in presentation forms)."""
    with document_language("en"):
        paragraph = ScriptParagraph(markup(text), STYLES["statement"], language="en")
        paragraph.wrap(400, 1000)
        (line,) = paragraph.blPara.lines
        shown = [str(piece.text) for piece in paragraphs.display_order(line.words, paragraph.right_to_left)]
    words = []
    for piece in (p for p in shown if p.strip()):
        plain = "".join(c for c in unicodedata.normalize("NFKC", piece) if not unicodedata.combining(c))
        words.append(plain[::-1] if _RIGHT_TO_LEFT.search(plain) else plain)
    return words


@pytest.mark.parametrize("name", ["عبد الله محمد", "عَبْدُ الله مُحَمَّد"])
def test_an_arabic_name_with_or_without_its_vowel_marks_reads_in_order_inside_a_latin_line(name):
    """A word whose shaped glyphs begin with a vowel mark (drawn before its letter) was taken for a neutral and
    put on the wrong side: "ABDULLAH Muhammad · عَبْدُ الله مُحَمَّد" printed عبد glued to محمد (fix-accept13)."""
    words = _words_shown(f"ABDULLAH · {name} · VNO")
    assert [w if not _RIGHT_TO_LEFT.search(w) else "AR" for w in words] == ["ABDULLAH", "·", "AR", "AR", "AR", "·", "VNO"]
    arabic = [w for w in words if _RIGHT_TO_LEFT.search(w)]
    assert arabic[0].startswith("محم") and arabic[-1] == "عبد", words  # read from the right: عبد الله محمد
