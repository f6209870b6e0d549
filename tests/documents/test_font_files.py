"""The frozen app ships its Chinese and Korean fonts xz-compressed (#18's size target): every reader of a font file
(the papers, the screens, Help ▸ About) must work from a fonts folder laid out as the bundle lays it out."""

from __future__ import annotations

import io
import lzma
import shutil

import pytest
from PySide6.QtGui import QFontDatabase
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from avrcase.documents import font_files, fonts
from avrcase.documents.fonts import files_read_when_used
from avrcase.domain.scripts import WRITING_SYSTEMS
from avrcase.services import licences
from avrcase.ui import script_fonts
from tests.documents.conftest import page_texts, read_pdf


#: The source tree's fonts folder, read before a test points ``font_folder`` elsewhere.
SOURCE_FONTS = font_files.font_folder()


@pytest.fixture(scope="module")
def bundle_folder(tmp_path_factory):
    """A copy of resources/fonts as the bundle holds it: the fonts read only when used as ``.ttf.xz`` alone."""
    source = SOURCE_FONTS
    folder = tmp_path_factory.mktemp("bundle") / "fonts"
    folder.mkdir()
    for name in font_files.font_file_names(source):
        data = (source / name).read_bytes()
        if name in files_read_when_used():
            (folder / (name + font_files.COMPRESSED_SUFFIX)).write_bytes(lzma.compress(data, preset=0))
        else:
            (folder / name).write_bytes(data)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture()
def bundle_fonts(bundle_folder, monkeypatch):
    """The app reading its fonts from ``bundle_folder``."""
    monkeypatch.setattr(font_files, "font_folder", lambda: bundle_folder)
    fonts.registered.cache_clear()
    yield bundle_folder
    fonts.registered.cache_clear()  # the next paper registers the source tree's fonts again


def test_the_chinese_and_korean_fonts_are_the_ones_compressed():
    assert files_read_when_used() == ["DroidSansFallback-Regular.ttf", "NanumGothic.ttf"]


def test_a_compressed_font_reads_as_the_original(bundle_fonts):
    source = font_files.font_file_names()
    assert "NanumGothic.ttf" in source and not (bundle_fonts / "NanumGothic.ttf").exists()
    assert font_files.font_file_names(bundle_fonts) == source
    original = (SOURCE_FONTS / "NanumGothic.ttf").read_bytes()
    assert font_files.font_bytes("NanumGothic.ttf") == original
    with pytest.raises(FileNotFoundError, match="NotoSansKlingon-Regular.ttf"):
        font_files.font_bytes("NotoSansKlingon-Regular.ttf")


def test_a_korean_and_a_chinese_name_print_from_the_compressed_fonts(bundle_fonts):
    hangul, han = (next(s for s in WRITING_SYSTEMS if s.key == key) for key in ("hangul", "han"))
    fonts.register_fonts()
    fonts.registered(hangul), fonts.registered(han)
    out = io.BytesIO()
    style = ParagraphStyle("name", fontName=fonts.SANS, fontSize=12)
    SimpleDocTemplate(out).build([Paragraph(fonts.markup("김민준 王秀英"), style)])
    assert "김민준" in page_texts(out.getvalue())[0] and "王秀英" in page_texts(out.getvalue())[0]
    used = {str(font.get_object()["/BaseFont"]).split("+")[-1] for page in read_pdf(out.getvalue()).pages
            for font in page["/Resources"]["/Font"].values()}
    assert {"NanumGothic", "DroidSansFallback"} <= used


def test_help_about_reads_the_font_versions_from_the_compressed_files(bundle_fonts):
    assert licences._font_revision(licences.KOREAN_FONT) == "4.000"
    assert licences._font_revision(licences.CHINESE_FONT) == "1.000"
    assert licences.KOREAN_FONT in licences.bundled_fonts()


def test_the_screens_borrow_the_compressed_fonts(qapp, bundle_fonts):
    before = set(QFontDatabase.families())
    added = script_fonts.install_script_fonts.__wrapped__()
    assert added == len([n for n in font_files.font_file_names() if not n.startswith("NotoSans-")])
    assert {"NanumGothic", "Droid Sans Fallback"} & (set(QFontDatabase.families()) | before)


def test_nothing_else_reads_the_fonts_folder():
    """A reader that opened ``resources/fonts/<name>.ttf`` itself would fail in the bundle, where it is compressed."""
    from pathlib import Path

    import avrcase

    readers = [path.name for path in Path(avrcase.__file__).parent.rglob("*.py")
               if '"fonts"' in path.read_text(encoding="utf-8") and path.name != "font_files.py"]
    assert readers == ["licences.py"]  # its licence texts (OFL.txt), which are never compressed
