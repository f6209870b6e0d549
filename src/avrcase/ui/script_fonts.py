"""The fonts shipped for the documents' scripts, lent to the screens: a name in Tamil, Sinhala, Ge'ez, Armenian or
Arabic script is drawn from them where the computer has no font of its own for it (it showed as boxes)."""

from __future__ import annotations

import functools

from PySide6.QtGui import QFontDatabase

from avrcase.documents.font_files import font_bytes, font_file_names

#: The house font (Latin, Cyrillic, Greek) is the system's own on screen; only the other scripts are lent.
_HOUSE_FONT = "NotoSans-"


@functools.cache
def install_script_fonts() -> int:
    """Add every shipped script font to Qt's font database, once per process; returns how many were added.

    Read as bytes (uncompressed where the frozen app ships a font compressed), so a font inside a packed bundle
    needs no file of its own; Qt's fallback then finds it
    for a character the system fonts lack, and a system font that has the character still goes first.
    """
    added = 0
    for file_name in font_file_names():
        if not file_name.startswith(_HOUSE_FONT):
            added += QFontDatabase.addApplicationFontFromData(font_bytes(file_name)) >= 0
    return added
