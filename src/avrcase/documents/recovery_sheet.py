"""The recovery sheet: the recovery key of an encrypted store, printed once for the office safe.

The key is set large in a monospaced font, in groups of four, with what it opens and what to do
with the sheet. Like every document module it only builds the PDF; the caller decides where it goes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from avrcase import __version__
from avrcase.documents.base import (STYLES, LetterheadSnapshot, PageFrame, RenderedDocument, build_pdf,
                                    facts_table, para)
from avrcase.i18n import _, current_locale
from avrcase.i18n.format import document_datetime

_KEY_STYLE = ParagraphStyle("recovery_key", STYLES["body"], fontName="Courier-Bold", fontSize=17, leading=24)


@dataclass(frozen=True)
class RecoverySheet:
    """What the sheet shows: the key, the store file it opens, when it was made."""

    recovery_key: str
    store: str
    created_at: dt.datetime


def _frame(sheet: RecoverySheet) -> PageFrame:
    letterhead = LetterheadSnapshot(organisation="avrcase", office_name=_("Encryption recovery sheet"), address="",
                                    phone="", email="", website="", footer_note=_("Confidential: keep in the office safe."),
                                    logo_png=None)
    return PageFrame(letterhead=letterhead, title=_("Recovery key"), case_number="", language=current_locale(),
                     issued_at=sheet.created_at, case_label="",
                     issued_label=_("Made %(when)s") % {"when": document_datetime(sheet.created_at)},
                     page_label=_("Page %(page)d of %(pages)d"))


def render(sheet: RecoverySheet) -> RenderedDocument:
    """The one-page recovery sheet as PDF."""
    groups = sheet.recovery_key.split("-")
    lines = ["  ".join(groups[:4]), "  ".join(groups[4:])]
    key_box = Table([[Paragraph(line, _KEY_STYLE)] for line in lines])  # base32: nothing to escape
    key_box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, "#1f3a5f"), ("LEFTPADDING", (0, 0), (-1, -1), 6 * mm),
                                 ("TOPPADDING", (0, 0), (-1, -1), 3 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm)]))
    story = [
        para(_("Recovery key of an encrypted avrcase store"), "title"),
        Spacer(0, 4 * mm),
        para(_("This key opens the store when no password does: for example when every administrator has forgotten "
               "theirs. Anyone who has this sheet and a copy of the store file can read every case in it."), "body"),
        Spacer(0, 5 * mm),
        key_box,
        Spacer(0, 5 * mm),
        facts_table([(_("Store file"), sheet.store), (_("Made"), document_datetime(sheet.created_at)),
                     (_("Made by"), "avrcase %(version)s" % {"version": __version__})], columns=1),
        para(_("What to do with this sheet"), "heading"),
        para(_("Keep it in the office safe, away from the computers that hold the store. Do not photograph, scan "
               "or e-mail it, and delete the PDF file once it is printed. Letters and digits may be typed in any "
               "case, with or without the dashes."), "body"),
        para(_("A new recovery key makes this sheet useless: shred it then."), "body"),
    ]
    return build_pdf(_frame(sheet), story)
