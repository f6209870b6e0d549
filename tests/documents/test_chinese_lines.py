"""A Chinese statement (no spaces between words) printed as one long "word": shrunk to 70 % and then cut at the
column's edge. Its lines now break between characters at the style's own size, and a Lithuanian label over its
Chinese one keeps its words whole."""

from __future__ import annotations

import subprocess

from reportlab.lib.units import mm

from avrcase.documents.base import build_pdf, para
from avrcase.domain.scripts import unprintable_characters
from tests.documents.test_combining_marks import _frame

_STATEMENT = "本人理解，协助仅提供一次，且仅在本人的申请获得批准后提供；如本人提供了虚假信息，或无正当理由未在约定时间出发，协助可被撤销。"


def test_a_chinese_statement_breaks_between_characters_at_its_own_size():
    paragraph = para(_STATEMENT, "statement")
    width = 80 * mm
    _w, height = paragraph.wrap(width, 200 * mm)
    assert paragraph.style.fontSize == 9  # not shrunk
    lines = paragraph.blPara.lines
    assert len(lines) >= 3 and height < 60 * mm
    assert all(getattr(line, "extraSpace", 0) >= -0.5 for line in lines)  # no line wider than the column


def test_full_width_punctuation_prints():
    assert unprintable_characters("，：；（）") == []


def test_a_lithuanian_label_over_chinese_keeps_its_words(tmp_path):
    story = [para("Dabartinė gyvenamoji vieta<br/>现住址", "label")]
    path = tmp_path / "label.pdf"
    pdf = build_pdf(_frame(), story).pdf
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "gyvenamoji" in text and "现住址" in text
