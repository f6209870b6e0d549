"""The fonts shipped for the documents' scripts, lent to the screens: a name in Tamil, Sinhala, Ge'ez, Armenian or
Arabic script is drawn from them where the computer has no font of its own for it (it showed as boxes)."""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtGui import QFontDatabase

#: The house font (Latin, Cyrillic, Greek) is the system's own on screen; only the other scripts are lent.
_HOUSE_FONT = "NotoSans-"


@functools.cache
def install_script_fonts() -> int:
    """Add every shipped script font to Qt's font database, once per process; returns how many were added.

    Read as bytes, so a font inside a packed bundle needs no file of its own; Qt's fallback then finds it
    for a character the system fonts lack, and a system font that has the character still goes first.
    """
    folder = resources.files("avrcase.resources") / "fonts"
    added = 0
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ttf") and not entry.name.startswith(_HOUSE_FONT):
            added += QFontDatabase.addApplicationFontFromData(entry.read_bytes()) >= 0
    return added
