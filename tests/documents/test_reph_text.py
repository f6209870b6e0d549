"""A Nepali page whose first reph stands over a conjunct (पुनर्स्थापना, "reinstallation") gave that conjunct's glyph the
reph's letter too: from then on every स्थ of the document read back as र्स्थ (स्थिति as र्स्थिति), so searching or
copying "स्थिति" from the reintegration plan found nothing. The page is drawn in a fresh process: which letters a
glyph stands for is learnt once per process."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

_SCRIPT = """
import sys
from tests.documents.test_combining_marks import _frame
from avrcase.documents.base import build_pdf, para
story = [para("पुनर्स्थापना भत्ता", "body"), para("योजनाको स्थिति: स्वीकृत", "body")]
sys.stdout.buffer.write(build_pdf(_frame(), story).pdf)
"""


def test_a_conjunct_under_the_first_reph_keeps_its_own_letters(tmp_path):
    pdf = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, check=True).stdout
    path = tmp_path / "reph.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "र्स्थ" not in text.replace("पुनर्स्थ", ""), text
