"""A paper reads only the fonts of the scripts it prints (#14): a case summary of a Latin name does not read the ten
other families' twenty faces, and the first Armenian word reads the Armenian ones, and prints in them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Run in a fresh interpreter: the test process has registered every font long before.
_PROBE = """
import json
from reportlab.pdfbase import pdfmetrics
from avrcase.documents.fonts import markup, register_fonts
register_fonts()
latin = markup("HNATIUK Olena")
before = set(pdfmetrics.getRegisteredFontNames())
armenian = markup("Գրիգորյան Անի")
after = set(pdfmetrics.getRegisteredFontNames())
print(json.dumps({"before": sorted(before), "added": sorted(after - before), "latin": latin, "armenian": armenian}))
"""


def test_a_paper_registers_a_scripts_fonts_when_a_text_first_holds_it():
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True,
                            env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    seen = json.loads(result.stdout)
    assert [name for name in seen["before"] if name.startswith("Avr")] == ["AvrSans", "AvrSans-Bold"]
    assert seen["latin"] == "HNATIUK Olena"
    assert seen["added"] == ["AvrArmenian", "AvrArmenian-Bold"]
    assert '<font name="AvrArmenian">' in seen["armenian"]
