"""A letter and a combining mark with no composed form (Yoruba Ẹ̀, Ọ̀) prints its mark above the letter."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PIL import Image

from avrcase.documents.base import LetterheadSnapshot, PageFrame, build_pdf, data_table, para

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


def _frame() -> PageFrame:
    head = LetterheadSnapshot("Office of Returns", "Vilnius office", "", "", "", "", "", None)
    return PageFrame(head, "Marks", "VNO-1", "en", dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc),
                     "Case VNO-1", "Issued 4 Dec 2026", "Page %(page)d of %(pages)d")


def _page(story, tmp_path, name: str) -> Image.Image:
    """The first page read back as a grey image at 300 dpi: what a person sees, not the text layer."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build_pdf(_frame(), story).pdf)
    subprocess.run(["pdftoppm", "-gray", "-r", "300", "-f", "1", "-l", "1", "-singlefile", "-png", str(path),
                    str(tmp_path / name)], check=True)
    with Image.open(tmp_path / f"{name}.png") as image:
        return image.convert("L")


def _top_of_ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """The first row inside ``box`` with a dark pixel, a table's rule (dark across the box) left out."""
    crop = image.crop(box)
    width = crop.width
    for row in range(crop.height):
        dark = sum(1 for x in range(width) if crop.getpixel((x, row)) < 128)
        if 0 < dark < width * 0.9:
            return box[1] + row
    raise AssertionError("no ink")


@pytest.mark.parametrize("place", ["paragraph", "table"])
def test_the_tone_marks_of_a_yoruba_name_are_printed_above_its_letters(place, tmp_path):
    """"Ẹ̀bùn Ọ̀ṣun" (E with dot below and a combining grave) printed as "Ẹbùn Ọṣun" on the declaration: the text
    layer had the grave, the page did not."""
    def story(name):
        return [para(name, "title")] if place == "paragraph" else [data_table(["Name"], [[name]], [1])]

    unmarked = _page(story("Ẹbùn Ọṣun"), tmp_path, "unmarked")
    marked = _page(story("Ẹ̀bùn Ọ̀ṣun"), tmp_path, "marked")
    # The name's line: where the two pages differ, a little above (1 mm) and below it.
    left, top, right, bottom = Image.frombytes("L", marked.size, bytes(
        abs(a - b) for a, b in zip(marked.tobytes(), unmarked.tobytes(), strict=True))).getbbox()
    line = (left, top - 12, right, bottom + 40)
    assert _top_of_ink(marked, line) < _top_of_ink(unmarked, line) - 3  # the graves stand above the capitals
