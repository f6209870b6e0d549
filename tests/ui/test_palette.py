"""Colours live in ``ui/palette.py`` only, so a change of colour is one line and every screen follows it."""

from __future__ import annotations

import re
from pathlib import Path

import avrcase.ui

UI = Path(avrcase.ui.__file__).parent
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def test_no_colour_outside_the_palette():
    found = [f"{path.relative_to(UI)}:{number}: {line.strip()}"
             for path in sorted(UI.rglob("*.py")) if path.name != "palette.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if HEX_COLOUR.search(line)]
    assert not found, "colours belong in avrcase/ui/palette.py:\n" + "\n".join(found)
