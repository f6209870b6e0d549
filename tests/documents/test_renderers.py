"""The PDF a person receives: text reads back, fonts travel with the file, pages break cleanly."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest

from avrcase.documents import case_summary, declaration
from avrcase.services.documents import case_snapshots as snapshots
from tests.documents.conftest import (
    GEORGIAN_FAMILY,
    ISSUED_AT,
    LITHUANIAN,
    LITHUANIAN_GIVEN,
    RUSSIAN_FAMILY,
    RUSSIAN_GIVEN,
    page_texts,
    read_pdf,
)


def _summary(multilingual_case, lang="en", *, show_sensitive=True):
    case, office = multilingual_case
    return snapshots.case_summary_snapshot(case, office, lang, ISSUED_AT, show_sensitive=show_sensitive)


def _declaration(multilingual_case, lang="lt"):
    case, office = multilingual_case
    return snapshots.declaration_snapshot(case, office, lang, ISSUED_AT, interpreter="Tamar Interpreter")


def test_lithuanian_and_cyrillic_names_read_back_as_typed(multilingual_case):
    text = "\n".join(page_texts(case_summary.render(_summary(multilingual_case)).pdf))
    assert LITHUANIAN.upper() in text
    assert LITHUANIAN_GIVEN in text
    assert f"{RUSSIAN_FAMILY} {RUSSIAN_GIVEN}" in text


def test_georgian_names_read_back(multilingual_case):
    text = "\n".join(page_texts(case_summary.render(_summary(multilingual_case)).pdf))
    assert GEORGIAN_FAMILY in text


def test_every_font_is_embedded(multilingual_case):
    for rendered in (case_summary.render(_summary(multilingual_case)), declaration.render(_declaration(multilingual_case))):
        fonts = {}
        for page in read_pdf(rendered.pdf).pages:
            for ref in page["/Resources"]["/Font"].values():
                font = ref.get_object()
                fonts[font["/BaseFont"]] = font
        assert fonts
        for name, font in fonts.items():
            descriptor = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descriptor["/FontDescriptor"], f"{name} is not embedded"


def test_page_count_is_reported_and_in_the_footer(multilingual_case):
    rendered = case_summary.render(_summary(multilingual_case))
    texts = page_texts(rendered.pdf)
    assert rendered.pages == len(texts) == 1
    assert "Page 1 of 1" in texts[0]
    assert "Case VNO-" in texts[0] and "Issued" in texts[0]


def test_long_household_splits_across_pages_with_the_header_repeated(multilingual_case):
    snapshot = _summary(multilingual_case)
    many = tuple(dataclasses.replace(snapshot.household[0], name=f"MEMBER {i:03d}") for i in range(90))
    rendered = case_summary.render(dataclasses.replace(snapshot, household=many))
    texts = page_texts(rendered.pdf)
    assert rendered.pages == len(texts) >= 3
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]
    pages_with_members = [t for t in texts if "MEMBER" in t]
    assert len(pages_with_members) >= 2
    for text in pages_with_members:
        assert "In original script" in text  # the table header, on every page the table spans
    joined = "\n".join(texts)
    assert all(f"MEMBER {i:03d}" in joined for i in range(90))


def test_same_snapshot_gives_the_same_bytes(multilingual_case):
    snapshot = _declaration(multilingual_case)
    assert declaration.render(snapshot).pdf == declaration.render(snapshot).pdf


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_no_problems(multilingual_case, tmp_path):
    for name, rendered in (("summary", case_summary.render(_summary(multilingual_case))),
                           ("declaration", declaration.render(_declaration(multilingual_case)))):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(rendered.pdf)
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_declaration_prints_office_and_applicant_language_side_by_side(multilingual_case):
    snapshot = _declaration(multilingual_case, "lt")
    assert [t.language for t in snapshot.texts] == ["lt", "ru"]
    text = "\n".join(page_texts(declaration.render(snapshot).pdf))
    assert "Deklaracija / Декларация" in text  # the section heading in both languages
    assert "Mano sprendimas grįžti yra savanoriškas." in text
    assert "Моё решение вернуться является добровольным." in text
    assert "Tamar Interpreter" in text


def test_declaration_has_a_guardian_line_for_each_child_only(multilingual_case):
    snapshot = _declaration(multilingual_case)
    roles = [s.role for s in snapshot.signatories]
    assert roles == ["applicant_sig", "guardian_sig", "counsellor_sig", "interpreter_sig"]
    assert "Luka" in snapshot.signatories[1].for_person


def test_declaration_without_translation_for_the_applicant_is_one_language(multilingual_case):
    case, office = multilingual_case
    principal = dataclasses.replace(case.principal, languages=("yo",))  # Yoruba: no declaration wording
    case = dataclasses.replace(case, members=(dataclasses.replace(case.members[0], person=principal),) + case.members[1:])
    snapshot = snapshots.declaration_snapshot(case, office, "en", ISSUED_AT)
    assert not snapshot.bilingual
    assert snapshot.texts[0].language == "en"


def test_declaration_in_a_language_without_wording_falls_back_to_english(multilingual_case):
    assert _declaration(multilingual_case, "xx").texts[0].language == "en"


def test_vulnerabilities_are_withheld_from_unauthorised_copies(multilingual_case):
    withheld = _summary(multilingual_case, show_sensitive=False)
    assert withheld.vulnerabilities is None
    text = "\n".join(page_texts(case_summary.render(withheld).pdf))
    assert "Not included in this copy" in text


@pytest.mark.parametrize("title", ["Before and during your journey",
                                   "Before and during your journey / მოგზაურობამდე და მგზავრობისას"])
@pytest.mark.parametrize("row_mm", [20, 50, 80])
def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(row_mm, title):
    """Statements side by side in two languages start with a row taller than the room kept under a heading:
    the heading stood alone at a page's foot, its text on the next page (found by a walk through the app)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table

    from avrcase.documents.base import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT, build_pdf, para
    from tests.documents.conftest import page_texts
    from tests.documents.test_scripts import _frame

    body = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    for left_mm in (25, 40, 60, 90, 120):  # room left on the first page above its foot
        story = [Spacer(0, body - left_mm * mm), para(title, "heading"),
                 Table([[para("First statement"), Spacer(0, row_mm * mm)], [para("Second statement"), ""]])]
        pages = page_texts(build_pdf(_frame(), story).pdf)
        [heading_page] = [i for i, text in enumerate(pages) if "Before and during your journey" in text]
        assert "First statement" in pages[heading_page], (row_mm, left_mm)


def test_a_lithuanian_date_in_a_table_never_leaves_its_abbreviation_alone(multilingual_case):
    """The household's Date of birth column printed "2023 m. lapkričio 26" over a lone "d." (and "2023" over
    "m."): a number and its abbreviation now stay on one line, however narrow the column."""
    from avrcase.documents.base import build_pdf, data_table

    case, office = multilingual_case
    snapshot = snapshots.case_summary_snapshot(case, office, "lt", ISSUED_AT, show_sensitive=True)
    tables = [data_table(["Gimimo data", "Pastabos"], [("2023 m. lapkričio 26 d.", "—")], [width, 200], absolute=True)
              for width in range(50, 130, 4)]
    lines = [line.strip() for page in page_texts(build_pdf(snapshot.frame, tables).pdf) for line in page.splitlines()]
    assert "lapkričio 26 d." in lines
    assert not {"d.", "m.", "2023", "lapkričio 26", "2023 m. lapkričio 26"} & set(lines)


def test_a_date_that_ends_with_its_day_never_leaves_the_day_alone(multilingual_case):
    """A Mongolian itinerary printed its date of travel "2025 оны арван хоёрдугаар сарын" over a lone "8": the
    day now goes to the next line with the word before it, however narrow the column."""
    from avrcase.documents.base import build_pdf, data_table

    case, office = multilingual_case
    snapshot = snapshots.case_summary_snapshot(case, office, "lt", ISSUED_AT, show_sensitive=True)
    tables = [data_table(["Огноо", "Тайлбар"], [("2025 оны арван хоёрдугаар сарын 8", "—")], [width, 200], absolute=True)
              for width in range(80, 160, 4)]
    lines = [line.strip() for page in page_texts(build_pdf(snapshot.frame, tables).pdf) for line in page.splitlines()]
    assert any(line.replace("\u00a0", " ").endswith("сарын 8") for line in lines)
    assert "8" not in lines
