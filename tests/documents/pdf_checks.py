"""Checks every printed document must pass: fonts travel with the file, qpdf finds nothing wrong."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.documents.conftest import read_pdf


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """Each font the pages use, and whether its glyphs are embedded in the file."""
    fonts = {}
    for page in read_pdf(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor["/FontDescriptor"]
    return fonts


def assert_fonts_embedded(pdf: bytes) -> None:
    """Fail unless the PDF uses fonts and embeds every one of them."""
    fonts = embedded_fonts(pdf)
    assert fonts
    assert all(fonts.values()), f"not embedded: {[name for name, ok in fonts.items() if not ok]}"


def qpdf_problems(pdf: bytes, folder: Path) -> str | None:
    """What ``qpdf --check`` complains about (``""`` when nothing), ``None`` when qpdf is not installed."""
    if shutil.which("qpdf") is None:
        return None
    path = folder / "check.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    return "" if result.returncode == 0 else result.stdout + result.stderr
