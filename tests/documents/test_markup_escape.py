"""A paper's text is escaped for ReportLab's paragraph markup: what a person typed prints as typed (#14, session 30:
``html.escape`` replaced ``xml.sax.saxutils.escape``, whose module imported ``urllib.request`` into every paper)."""

from __future__ import annotations

import io

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from avrcase.documents.fonts import markup
from tests.documents.conftest import page_texts

TYPED = "Reason: R&D <Ltd> said \"5 > 3\" & 'done'"


def test_markup_escapes_the_three_markup_characters_only():
    assert markup(TYPED) == "Reason: R&amp;D &lt;Ltd&gt; said \"5 &gt; 3\" &amp; 'done'"
    assert markup("a\nb") == "a<br/>b"


def test_typed_markup_characters_print_as_typed():
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph(markup(TYPED), getSampleStyleSheet()["Normal"])])
    assert TYPED in page_texts(buffer.getvalue())[0]
