"""Bold for the fonts shipped in one weight (the Chinese and Korean ones): drawn filled and stroked.

Droid Sans Fallback and Nanum Gothic are shipped without a bold file (the frozen app's size), so their bold name
is registered on the regular file (``fonts.SINGLE_WEIGHT``) and a Chinese or Korean heading printed like its body
text. PDF's text rendering mode 2 (fill, then stroke the outline) thickens each glyph by the stroke's width: the
usual "fake bold" of PDF writers. ReportLab's paragraphs never set a rendering mode, so the text object does it
here whenever it switches to such a face: mode 2, a stroke as wide as ``STROKE`` of the size, in the fill colour
(kept so when the colour changes), and mode 0 again on leaving the face and before the text object ends (the mode
outlives ``ET``). The glyphs, widths and text layer stay the regular face's: lines wrap and copy as before.
"""

from __future__ import annotations

import functools

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import textobject

#: The stroke's width as a share of the font size: about the stem difference between Noto Sans and its bold.
STROKE = 0.035
_ACTIVE = "_avr_synthetic_bold"


@functools.lru_cache(maxsize=256)
def is_synthetic_bold(font_name: str) -> bool:
    """Whether ``font_name`` is a bold face registered on its regular face's file (no bold file shipped)."""
    if not font_name.endswith("-Bold"):
        return False
    try:
        bold, regular = pdfmetrics.getFont(font_name), pdfmetrics.getFont(font_name[:-len("-Bold")])
    except KeyError:
        return False
    files = [getattr(getattr(font, "face", None), "filename", None) for font in (bold, regular)]
    return files[0] is not None and files[0] == files[1]


def _switch(text, font_name: str, size: float) -> None:
    """Enter or leave the filled-and-stroked mode as the text object takes ``font_name``."""
    bold = is_synthetic_bold(font_name)
    if bold:
        fill = getattr(text, "_fillColorObj", None) or text._canvas._fillColorObj  # noqa: SLF001 - ReportLab's state
        text.setStrokeColor(fill)
        text._code.append(f"{fp_str(size * STROKE)} w")  # noqa: SLF001
        text.setTextRenderMode(2)
    elif getattr(text, _ACTIVE, False):
        text.setTextRenderMode(0)
    setattr(text, _ACTIVE, bold)


@functools.cache
def install() -> None:
    """Patch ReportLab's text object (WORKAROUND: ReportLab 4.x/5.x draws a bold name on a regular file upright)."""
    cls = textobject.PDFTextObject
    set_font, set_font_size, set_fill, get_code = cls.setFont, cls._setFont, cls.setFillColor, cls.getCode  # noqa: SLF001

    def set_font_with_mode(self, psfontname, size, leading=None):
        set_font(self, psfontname, size, leading)
        _switch(self, psfontname, size)

    def set_font_size_with_mode(self, psfontname, size):
        set_font_size(self, psfontname, size)
        _switch(self, psfontname, size)

    def set_fill_and_stroke(self, aColor, alpha=None):  # noqa: N803 - ReportLab's name
        set_fill(self, aColor, alpha)
        if getattr(self, _ACTIVE, False):
            self.setStrokeColor(aColor)

    def code_back_to_fill(self):
        if getattr(self, _ACTIVE, False):
            self.setTextRenderMode(0)
            setattr(self, _ACTIVE, False)
        return get_code(self)

    cls.setFont, cls._setFont, cls.setFillColor, cls.getCode = (  # noqa: SLF001
        set_font_with_mode, set_font_size_with_mode, set_fill_and_stroke, code_back_to_fill)
