"""A bold heading in another script prints bold: the script's bold face, or the one-weight Chinese and Korean fonts
drawn filled and stroked (PDF text rendering mode 2)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from avrcase.documents.base import para
from tests.documents.conftest import read_pdf


def _pdf(*paragraphs: tuple[str, str]) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([para(text, style) for text, style in paragraphs])
    return out.getvalue()


def _fonts(pdf: bytes) -> set[str]:
    return {str(font.get_object()["/BaseFont"]).split("+")[-1]
            for page in read_pdf(pdf).pages for font in page["/Resources"]["/Font"].values()}


def _content(pdf: bytes) -> str:
    return "".join(page.get_contents().get_data().decode("latin-1") for page in read_pdf(pdf).pages)


def test_a_heading_in_armenian_georgian_or_hindi_prints_in_the_scripts_bold_face():
    # The script's run was marked up <font name="AvrArmenian">, which ReportLab read as upright: a bold heading
    # printed its Armenian regular beside bold Latin.
    fonts = _fonts(_pdf(("Ձեր ճանապարհորդությունը", "heading"), ("თქვენი მოგზაურობა", "title"),
                        ("आपकी यात्रा", "cell_head")))
    assert {"NotoSansArmenian-Bold", "NotoSansGeorgian-Bold", "NotoSansDevanagari-Bold"} <= fonts, fonts
    assert not any(name.endswith("-Regular") for name in fonts), fonts


def test_a_chinese_or_korean_heading_is_drawn_thicker_than_its_body_text_and_only_it():
    body = _content(_pdf(("您的旅行计划 김민준 Your plan", "body")))
    assert " Tr" not in body
    heading = _content(_pdf(("您的旅行计划 김민준 Your plan", "heading"), ("您的旅行计划 after", "body")))
    assert heading.count("2 Tr") == 1  # one run of both scripts, in the fill colour, stroked
    assert heading.count("0 Tr") == 1  # back to plain fill for "Your plan" and everything after
    assert heading.index("2 Tr") < heading.index("0 Tr")
