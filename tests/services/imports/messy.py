"""A messy, real-looking office sheet (synthetic people): merged title rows, mixed date formats, trailing
spaces, Lithuanian and Russian country names and headers, duplicates, empty rows, a household, consultations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HEADERS = ["Bylos Nr.", "Pavardė ", "Vardas", "Lytis", "Gimimo data", "Pilietybė", "Grįžimo šalis",
           "Ryšys", "Paso numeris", "Registracijos data", "Etapas", "Pastabos"]
ROWS = [
    ["VNO-1", "Beridze ", " Nino", "moteris", "17.05.1988", "Gruzija", "Gruzija", "principal", "13AB45678",
     "2026-10-01", "registered", "came with her son"],
    ["VNO-1", "Beridze", "Luka", "vyras", dt.datetime(2015, 3, 1), "Gruzija", "", "vaikas", "", "", "", ""],
    [None] * 12,
    ["VNO-2", "Ivanov", "Sergei", "муж", "1979-11-30", "Россия", "Россия", "", "75 1234567", "03.11.2026",
     "counselling", "=HYPERLINK(\"x\")"],
    ["VNO-3", "Karimov  ", "Aziz", "M", "20/01/1990", "Таджикистан", "Tadžikija", "", "", "2026-11-04", "", ""],
    ["VNO-4", "Ivanov", "Sergei", "M", "30.11.1979", "RU", "RU", "", "", "2026-11-05", "", ""],  # duplicate of VNO-2
    ["VNO-5", "Nobody", "", "X?", "31.02.1990", "Atlantis", "GE", "", "", "2030-01-01", "", ""],  # bad row
    [None, None, None],
]
CONSULTATION_HEADERS = ["Case key", "Date", "Mode", "Topics", "Notes"]
CONSULTATIONS = [["VNO-2", "2026-11-10 10:00", "in person", "avr_information, travel", "first meeting"],
                 ["VNO-9", "2026-11-10", "phone", "travel", ""]]


def write_messy_xlsx(path: Path) -> Path:
    """Write the sheet (two merged title rows above the header) and a consultations sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Bylos 2026"
    sheet.append(["IOM Vilnius — grįžimo bylos"])
    sheet.merge_cells("A1:L1")
    sheet.append(["Eksportuota iš seno registro", None, None, "2026-11"])
    sheet.merge_cells("A2:C2")
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    second = book.create_sheet("Konsultacijos")
    second.append(CONSULTATION_HEADERS)
    for row in CONSULTATIONS:
        second.append(row)
    book.save(path)
    return path
