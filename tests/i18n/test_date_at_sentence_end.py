"""A sentence that ends with a date: Russian writes "2 дек. 2026 г.", so a full stop after the date printed two
("Маршрут подтверждён 2 дек. 2026 г.." in the travel tab). (Lithuanian names the month only in documents, which
print from wording files; on screen it writes 2026-12-02.)"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from avrcase.i18n.format import document_date, format_date
from tests.i18n.test_catalogs import ROOT

CATALOG_DIR = ROOT / "resources" / "translations"

#: Placeholders that hold a date in our messages.
DATE_PLACEHOLDER = re.compile(r"%\((date|day|expiry|start|end|on)\)s")


@pytest.mark.parametrize("lang", ["ru", "lt"])
def test_no_sentence_ends_with_two_full_stops_after_a_date(lang):
    day = dt.date(2026, 12, 2)
    dates = {format_date(day, locale=lang)} | ({document_date(day, lang)} if lang == "ru" else set())
    with open(CATALOG_DIR / lang / "LC_MESSAGES" / "avrcase.po", "rb") as po:
        catalog = read_po(po)
    doubled = []
    for message in catalog:
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            for written in dates:
                if text and ".." in DATE_PLACEHOLDER.sub(written, text).replace("...", "…"):
                    doubled.append(text)
    assert doubled == [], "\n".join(doubled)
