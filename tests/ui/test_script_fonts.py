"""Names in the scripts the documents print are drawn on screen too, with the shipped fonts where the system has none."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLineEdit
from avrcase import start
from avrcase.ui.script_fonts import install_script_fonts
app = QApplication([])
start.prepare_application(app)
install_script_fonts()  # as the app does behind its sign-in screen, or after Sign in at the latest
field = QLineEdit("தர்மலிங்கம் ශ්‍රී ገብረመድህን ተስፋይ 王小明")
layout = QTextLayout(field.text(), field.font())
layout.beginLayout()
layout.createLine()
layout.endLayout()
for run in layout.glyphRuns():
    print(run.rawFont().familyName() or "?", 0 in run.glyphIndexes() or 1 in run.glyphIndexes())
"""


def test_a_tamil_sinhala_or_geez_name_in_a_field_is_drawn_in_a_font_that_has_it(tmp_path):
    """On a computer without Tamil, Sinhala or Ethiopic fonts the case dialog showed such a name as boxes (seen on
    the test machine: glyph 0, the box, for every letter); the shipped fonts now stand in."""
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    runs = [line.rsplit(" ", 1) for line in done.stdout.splitlines()]
    # Each run in a named font with a glyph for every letter (a system font that has the script may go first).
    assert runs and all(family != "?" and boxes == "False" for family, boxes in runs), runs
