"""A right-to-left value in a label/value table: it reads right to left, and starts beside its label."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata

import pytest

from avrcase.documents.base import LetterheadSnapshot, PageFrame, build_pdf, facts_table

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

ARABIC_NAME = "الأحمد محمد"
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufeff]")


def _words(pdf: bytes, tmp_path) -> list[tuple[float, float, float, str]]:
    """(top, left, right, word) of every word on the first page; an Arabic word in its logical order."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out):
        word = unicodedata.normalize("NFKC", m[4])
        words.append((float(m[2]), float(m[1]), float(m[3]), word[::-1] if _ARABIC.search(word) else word))
    return words


def _line(words, first: str) -> list[tuple[float, float, str]]:
    """The words printed on the line that holds ``first``, left to right, as (left, right, word)."""
    top = next(t for t, _l, _r, w in words if w == first)
    return sorted((left, right, w) for t, left, right, w in words if abs(t - top) < 3)


def _pdf(language: str) -> bytes:
    head = LetterheadSnapshot("Office of Returns", "Vilnius office", "", "", "", "", "", None)
    frame = PageFrame(head, "Case summary", "VNO-1", language, dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc),
                      "Case VNO-1", "Issued 4 Dec 2026", "Page %(page)d of %(pages)d")
    pairs = [("Family name", "AL-AHMAD"), ("Name in original script", ARABIC_NAME),
             ("Travelling with", f"{ARABIC_NAME} (VNO-2026-0042)")]
    return build_pdf(frame, [facts_table(pairs, columns=1, label_weight=1, value_weight=2.6)]).pdf


@pytest.mark.parametrize("language", ["en", "lt", "ru"])
def test_an_arabic_name_starts_where_the_latin_values_start(language, tmp_path):
    """Walk 11: an Arabic name sat against the right margin, far from its label; now it starts at its cell's left
    edge like "AL-AHMAD" above it, its words still read from the right ("الأحمد" first, on the right)."""
    words = _words(_pdf(language), tmp_path)
    latin_left = _line(words, "AL-AHMAD")[-1][0]
    named = [w for w in _line(words, "Name") if _ARABIC.search(w[2])]
    assert abs(named[0][0] - latin_left) < 2, named
    assert [w for _l, _r, w in named] == ["محمد", "الأحمد"]  # right to left: الأحمد, then محمد
    mixed = [w for w in _line(words, "Travelling") if w[0] >= latin_left - 2]
    # The case number follows the name in reading order: on its left, at the cell's start.
    assert [w for _l, _r, w in mixed] == ["(VNO-2026-0042)", "محمد", "الأحمد"], mixed
    assert abs(mixed[0][0] - latin_left) < 2


def test_in_an_arabic_document_the_values_stay_at_the_right(tmp_path):
    """A document wholly in Arabic is read from the right: its values start at their cells' right edge, Latin too."""
    words = _words(_pdf("ar"), tmp_path)
    (latin,) = [w for w in _line(words, "AL-AHMAD") if w[2] == "AL-AHMAD"]
    value = [w for w in _line(words, "الأحمد") if w[2] in ("محمد", "الأحمد")]
    assert [w for _l, _r, w in value] == ["محمد", "الأحمد"]
    assert abs(value[-1][1] - latin[1]) < 2, (value, latin)
