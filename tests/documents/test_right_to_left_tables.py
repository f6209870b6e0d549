"""Tables of a document wholly in Arabic or Persian read from the right; a bilingual document keeps the office
language's layout with the returnee's right-to-left label lines set on the right; amounts in a right-to-left
column are written as that language writes them. Read back from the words' positions in the PDFs."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from reportlab.platypus import KeepTogether, Table, TableStyle

from avrcase.documents import allowance_receipt, itinerary
from avrcase.documents.mirroring import mirror_table, mirror_tables
from avrcase.domain.allowances import PaymentMethod
from avrcase.domain.codes import StaffRole
from avrcase.i18n.format import format_money
from avrcase.services.cases.case_file import get_case
from avrcase.services.documents import finance_snapshots
from avrcase.services.documents import register as documents
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import PaymentForm
from avrcase.services.office import IOM_VILNIUS
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.documents.conftest import ISSUED_AT
from tests.documents.test_finance_documents import CASE as CASE_NUMBER
from tests.documents.test_finance_documents import receipt_snapshot
from tests.documents.test_travel_documents import CASE, itinerary_snapshot
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur, make_project, walk_to_departed

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufeff]")
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))

#: A printed word: where it starts and ends across the page, and its text (Arabic script in logical order).
Word = tuple[float, float, str]


def _lines(pdf: bytes, tmp_path, page: int = 1) -> list[list[Word]]:
    """The words of each printed line, left to right."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    rows: list[tuple[float, float, list[Word]]] = []
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    for match in sorted(re.finditer(pattern, out), key=lambda m: float(m[2])):
        top, bottom = float(match[2]), float(match[4])
        word = unicodedata.normalize("NFKC", match[5].replace("&amp;", "&")).translate(_MARKS)
        if _RIGHT_TO_LEFT.search(word):
            word = word[::-1]
        row = next((r for r in rows if r[0] <= (top + bottom) / 2 <= r[1]), None)
        if row is None:
            rows.append((top, bottom, [(float(match[1]), float(match[3]), word)]))
        else:
            row[2].append((float(match[1]), float(match[3]), word))
    return [sorted(words) for _top, _bottom, words in sorted(rows)]


def _line(lines: list[list[Word]], *words: str) -> list[Word]:
    found = [line for line in lines if set(words) <= {w for _a, _b, w in line}]
    assert found, (words, [[w for _a, _b, w in line] for line in lines])
    return found[0]


def _x(line: list[Word], word: str) -> float:
    return next(start for start, _end, w in line if w == word)


def _is_arabic(word: str) -> bool:
    return bool(_RIGHT_TO_LEFT.search(word))


# ---------------------------------------------------------------- documents wholly in a right-to-left language


def test_an_arabic_itinerary_prints_its_first_column_at_the_right(tmp_path):
    """Labels stood on the left of their values and the legs' columns ran left to right: an Arabic reader met the
    booking reference first and the travel mode last."""
    snapshot = itinerary_snapshot(languages=("ar",))
    lines = _lines(itinerary.render(snapshot).pdf, tmp_path)
    label = snapshot.texts[0].labels["case_number"].split()
    journey = _line(lines, CASE, label[0])
    assert min(_x(journey, w) for w in label) > _x(journey, CASE), journey  # the label on the right of its value
    leg = _line(lines, "1402", "K7XQ2P")
    # Right to left: mode, service, departure (Vilnius), arrival (Stambulas), booking.
    assert _x(leg, "1402") > _x(leg, "Vilnius") > _x(leg, "Stambulas") > _x(leg, "K7XQ2P"), leg
    assert max(x for x, _end, w in leg if _is_arabic(w)) > _x(leg, "1402"), leg  # the mode (جوًا) first, at the right


def test_an_arabic_receipt_puts_its_amounts_in_the_left_column_with_the_sign_where_arabic_writes_it(tmp_path):
    """"750.00 €" stood in the right-hand column with the euro sign on its right, where an Arabic reader begins: the
    amount is now the last column (on the left) and reads as Babel writes it for Arabic (the number, then €)."""
    total = format_money(Decimal("650.00"), "EUR", "ar")
    assert total == "\u200f650.00\xa0€"
    snapshot = receipt_snapshot(languages=("ar",), total=total)
    lines = _lines(allowance_receipt.render(snapshot).pdf, tmp_path)
    row = _line(lines, "650.00", *snapshot.texts[0].labels["total"].split())
    assert _x(row, "€") < _x(row, "650.00"), row  # the sign on the left: read after the number
    label = max(x for x, _end, w in row if _is_arabic(w))
    assert _x(row, "650.00") < label, row  # the amount column on the left of the label
    first = _line(lines, "R-1", "2026-12-01")
    assert _x(first, "2026-12-01") > _x(first, "R-1"), first  # the date column first, at the right


def test_the_statements_of_an_arabic_receipt_are_numbered_as_an_arabic_list_prints(tmp_path):
    """"1." stood with its full stop between the number and the Arabic text (read ". 1" from the right)."""
    lines = _lines(allowance_receipt.render(receipt_snapshot(languages=("ar",))).pdf, tmp_path)
    words = [w for line in lines for _start, _end, w in line]
    assert {".1", ".2", ".3"} <= set(words) and "1." not in words, words
    first = _line(lines, ".1")
    assert first[-1][2] == ".1", first  # at the right, where the statement starts


@pytest.fixture
def persian_returnee(engine, make_case, actor_as, actor):
    """A departed returnee who reads Persian, paid €300 then €150 from Return Home."""
    manager = actor_as(StaffRole.MANAGER)
    project = make_project(engine, manager)
    case = make_case(members=0, principal=make_person(family_name="Haddad", given_names="Dariush", citizenship="IR",
                                                      languages=("fa",)))
    assign(engine, manager, case.id, project.id)
    walk_to_departed(engine, actor, case.id)
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    with unit_of_work(engine) as session:
        for amount, method in ((300, PaymentMethod.CASH_AT_DEPARTURE), (150, PaymentMethod.PREPAID_CARD)):
            allowances.record_payment(session, finance, case.id, PaymentForm(eur(amount), method, FIXED_TODAY),
                                      paid_on=FIXED_TODAY)
    return case, finance


def test_a_persian_declaration_prints_each_label_on_the_right_of_its_value(engine, actor, persian_returnee, tmp_path):
    case, _finance = persian_returnee
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id, "fa")
        pdf = documents.document_bytes(session, actor, row.id)
    assert row.language == "fa"
    line = [w for _start, _end, w in _line(_lines(pdf, tmp_path), "HADDAD")]
    assert _is_arabic(line[-1]), line  # the first label (family name) at the right edge
    assert _is_arabic(line[line.index("HADDAD") + 1]), line  # and its value on its left


# ---------------------------------------------------------------- bilingual documents


def test_a_bilingual_receipt_keeps_the_office_layout_and_sets_the_persian_label_lines_on_the_right(tmp_path):
    """English over Persian in one label cell: both lines began at the cell's left edge, the Persian one where its
    reader ends. The English half stays left to right; the Persian line now ends at the cell's right edge."""
    snapshot = receipt_snapshot(languages=("en", "fa"))
    lines = _lines(allowance_receipt.render(snapshot).pdf, tmp_path)
    english = _line(lines, "Family", "KUZNETSOVA")
    assert _x(english, "Family") < _x(english, "KUZNETSOVA"), english  # the label on the left, as in English
    persian = snapshot.texts[1].labels["family_name"].split()
    below = [word for word in _line(lines, persian[0]) if word[0] < _x(english, "KUZNETSOVA")]  # the first column's
    persian_start = min(start for start, _end, w in below if w in persian)
    persian_end = max(end for _start, end, w in below if w in persian)
    english_end = max(end for _start, end, w in english if w in ("Family", "name"))
    assert persian_start > _x(english, "Family") + 5, (below, english)
    assert english_end < persian_end < _x(english, "KUZNETSOVA"), (below, english)


def test_a_persian_statement_beside_english_gives_the_total_as_persian_writes_it(engine, persian_returnee, tmp_path):
    """The total was formatted for English in both columns: "€750.00" in a Persian sentence printed as "750.00€"."""
    case, finance = persian_returnee
    with unit_of_work(engine) as session:
        snapshot = finance_snapshots.allowance_receipt_snapshot(session, finance, get_case(session, finance, case.id),
                                                                IOM_VILNIUS, "en", ISSUED_AT)
    assert [t.language for t in snapshot.texts] == ["en", "fa"]
    english, persian = (t.statements[0] for t in snapshot.texts)
    assert "€450.00" in english
    assert format_money(Decimal(450), "EUR", "fa") in persian and "€450.00" not in persian
    lines = _lines(allowance_receipt.render(snapshot).pdf, tmp_path)
    (sentence,) = [line for line in lines if "450.00" in [w for _a, _b, w in line] and any(map(_is_arabic, (
        w for _a, _b, w in line)))]
    assert _x(sentence, "€") < _x(sentence, "450.00"), sentence  # "‎€ 450.00", the sign before its number


# ---------------------------------------------------------------- the mirroring itself


def test_mirroring_a_table_turns_its_columns_widths_paddings_and_lines_around():
    table = Table([["a", "b", "c"], ["d", "e", "f"]], colWidths=[10, 20, 30], hAlign="LEFT")
    table.setStyle(TableStyle([("LINEBEFORE", (2, 0), (2, -1), 0.5, "black"), ("LEFTPADDING", (0, 0), (0, -1), 9),
                               ("ALIGN", (-1, 0), (-1, 0), "RIGHT"), ("BACKGROUND", (0, 0), (1, 0), "grey")]))
    mirror_table(table)
    mirror_table(table)  # once only
    assert table._cellvalues == [["c", "b", "a"], ["f", "e", "d"]]
    assert table._argW == [30, 20, 10] and table.hAlign == "RIGHT"
    (line,) = table._linecmds
    assert (line[0], line[1], line[2]) == ("LINEAFTER", (0, 0), (0, -1))
    assert (table._cellStyles[1][2].rightPadding, table._cellStyles[1][2].leftPadding) == (9, 6)
    assert table._cellStyles[0][0].alignment == "LEFT"  # the last column's right alignment, turned around
    ((op, start, end, colour),) = table._bkgrndcmds
    assert (op, start, end) == ("BACKGROUND", (1, 0), (2, 0))


def test_tables_kept_with_a_heading_and_tables_inside_cells_are_mirrored_too():
    inner = Table([["x", "y"]])
    outer = Table([[inner, "z"]])
    mirror_tables([KeepTogether([outer])])
    assert outer._cellvalues == [["z", inner]] and inner._cellvalues == [["y", "x"]]


def test_the_arabic_line_of_a_short_connection_note_beside_english_starts_at_the_right(tmp_path):
    """The framed note for escorts: its Arabic wording under the English began at the box's left edge."""
    arabic = "اتصال قصير في وارسو: 35 دقيقة فقط بين الرحلتين"
    snapshot = dataclasses.replace(itinerary_snapshot(languages=("en", "ar")),
                                   connections=(("Short connection at Warsaw (WAW): 35 min.", arabic),))
    lines = _lines(itinerary.render(snapshot).pdf, tmp_path)
    english = _line(lines, "Short", "connection")
    below = _line(lines, "اتصال", "قصير")
    assert min(start for start, _end, _w in below) > _x(english, "Short") + 100, (below, english)
    assert max(end for _start, end, _w in below) > max(end for _start, end, _w in english), (below, english)


def test_the_footer_of_an_arabic_receipt_gives_the_case_at_the_right_and_the_page_number_at_the_left(tmp_path):
    """"Page 1 of 1" stood at the right, where an Arabic reader starts, and the case and date after it."""
    snapshot = receipt_snapshot(languages=("ar",))
    lines = _lines(allowance_receipt.render(snapshot).pdf, tmp_path)
    footer = [line for line in lines if CASE_NUMBER in [w for _start, _end, w in line]][-1]  # the last: the footer's
    page = snapshot.frame.page_label % {"page": 1, "pages": 1}
    page_words = [w for w in page.split() if _is_arabic(w)]
    assert max(x for x, _end, w in footer if w in page_words) < _x(footer, CASE_NUMBER), footer
