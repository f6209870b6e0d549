"""Sheets as offices really keep them (synthetic people): names in their own script, months written as words,
a birth year alone, three-letter country codes, dashed dates; and what the store must hold after importing them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from avrcase.services.imports import run
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Person

HEADERS = ["case_key", "family_name", "given_names", "family_name_original", "given_names_original", "sex",
           "date_of_birth", "citizenship", "registered_on"]
ROWS = [
    ["K1", "Петренко", "Іван", "", "", "M", "12 Mar 1980", "UKR", "2026-11-02"],  # sheet row 2
    ["K2", "ბერიძე", "გიორგი", "", "", "M", "Mar 12, 1981", "GEO", "2026-11-02"],
    ["K3", "الحسن", "أحمد", "", "", "M", 1980, "IRQ", "2026-11-02"],  # a number cell, as Excel keeps 1980
    ["K4", "Rusu", "Ion", "Русу", "Ион", "M", "12-Mar-1985", "MDA", "2026-11-02"],  # both spellings: both kept
    ["K5", "Kovalenko", "Olena", "", "", "F", "12 марта 1982 г.", "Ukraina", "2026-11-02"],
    ["K6", "Tsiklauri", "Nino", "", "", "F", "1990 m. kovo 5 d.", "Gruzija", "2026-11-02"],
    ["K7", "Bondar", "Petro", "", "", "M", "03-04-1980", "UKR", "2026-11-02"],  # row 8: day or month first?
    ["K8", "Lomidze", "Dato", "", "", "M", "12 Foo 1980", "GEO", "2026-11-02"],  # row 9: no month called Foo
    ["K9", "Aliyev", "Rashad", "", "", "M", "1984-06-01", "XYZ", "2026-11-02"],  # row 10: no such country
]

#: What the store holds after the import: (family, given, family original, given original, born, estimated, citizenship).
EXPECTED = {
    ("Petrenko", "Ivan", "Петренко", "Іван", dt.date(1980, 3, 12), False, "UA"),
    ("Beridze", "Giorgi", "ბერიძე", "გიორგი", dt.date(1981, 3, 12), False, "GE"),
    ("Al-Hassan", "Ahmad", "الحسن", "أحمد", dt.date(1980, 1, 1), True, "IQ"),
    ("Rusu", "Ion", "Русу", "Ион", dt.date(1985, 3, 12), False, "MD"),
    ("Kovalenko", "Olena", "", "", dt.date(1982, 3, 12), False, "UA"),
    ("Tsiklauri", "Nino", "", "", dt.date(1990, 3, 5), False, "GE"),
}
#: Rows refused, by sheet row → the column named.
REFUSED = {8: "date_of_birth", 9: "date_of_birth", 10: "citizenship"}


def write_office_sheet(path: Path, rows: list[list[object]] | None = None) -> Path:
    """The sheet as XLSX (its first sheet is "Cases")."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Cases"
    sheet.append(HEADERS)
    for row in rows if rows is not None else ROWS:
        sheet.append(row)
    book.save(path)
    return path


def stored_people(engine) -> set[tuple[object, ...]]:
    """Every person in the store as ``EXPECTED`` lists them."""
    with unit_of_work(engine, write=False) as session:
        return {tuple(row) for row in session.execute(select(
            Person.family_name, Person.given_names, Person.family_name_original, Person.given_names_original,
            Person.date_of_birth, Person.dob_estimated, Person.citizenship))}


#: A dashed column written month first (three dates show it, none the other way): 03-04-1980 is 4 March.
MONTH_FIRST_ROWS = [
    ["M1", "Bondar", "Petro", "", "", "M", "12-25-1980", "UA", "2026-11-02"],
    ["M2", "Melnyk", "Oksana", "", "", "F", "11-20-1975", "UA", "2026-11-02"],
    ["M3", "Shevchuk", "Taras", "", "", "M", "10-13-1990", "UA", "2026-11-02"],
    ["M4", "Kravets", "Iryna", "", "", "F", "03-04-1980", "UA", "2026-11-02"],
]
MONTH_FIRST_BORN = {"Bondar": dt.date(1980, 12, 25), "Melnyk": dt.date(1975, 11, 20),
                    "Shevchuk": dt.date(1990, 10, 13), "Kravets": dt.date(1980, 3, 4)}


def write_sheet(path: Path, headers: list[str], rows: list[list[object]], *, title: str | None = None) -> Path:
    """An XLSX of one sheet: a title row when given, the headers, then the rows."""
    book = Workbook()
    sheet = book.active
    if title is not None:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def dry_run(engine, actor, path: Path):
    """The import's dry run of ``path`` on 4 December 2026."""
    with unit_of_work(engine, write=False) as session:
        return run.dry_run(session, actor, path, today=dt.date(2026, 12, 4))
