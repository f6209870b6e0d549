"""A Bengali or Hindi name copied out of a paper (or searched for in a PDF reader) reads as it is written, not in the
order its glyphs are drawn: রহিম, not রিহম (each shaped word that would read otherwise carries an /ActualText)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from reportlab.platypus import SimpleDocTemplate

from avrcase.documents.base import para
from tests.documents.conftest import read_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

WRITTEN = ("মোহাম্মদ রহিম বিশ্বাস", "हरजीत सिंह किताब", "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "சிவகுமார் கொடி", "පෙරේරා නිමල්")


def test_indic_words_copy_in_the_order_they_are_written(tmp_path):
    out = io.BytesIO()
    SimpleDocTemplate(out).build([para(text, "heading" if i % 2 else "body")
                                  for i, text in enumerate((*WRITTEN, "Rahim محمد رحيم"))])
    path = tmp_path / "names.pdf"
    path.write_bytes(out.getvalue())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for written in WRITTEN:
        assert written in text, (written, text)
    content = "".join(page.get_contents().get_data().decode("latin-1") for page in read_pdf(out.getvalue()).pages)
    spans = [bytes.fromhex(h).decode("utf-16-be") for h in re.findall(r"/ActualText <FEFF([0-9A-F]+)>", content)]
    assert content.count("EMC") == len(spans)
    # Only the words whose glyphs read back otherwise (a vowel sign drawn first, a two-part vowel): not हरजीत nor
    # சிவகுமார், not "Rahim", not the Arabic (readers put right-to-left glyphs in order themselves).
    assert spans == ["মোহাম্মদ", "রহিম", "বিশ্বাস", "सिंह", "किताब", "ਸਿੰਘ", "கொடி", "පෙරේරා"]
