"""A sheet's patronymic and optional-sharing columns reach the store, the flat export and the declaration."""

import csv
import datetime as dt

from openpyxl import Workbook

from avrcase.services.cases import case_file
from avrcase.services.documents import register as documents
from avrcase.services.imports import run
from avrcase.services.imports.template import write_flat_cases
from avrcase.services.uow import unit_of_work
from tests.documents.conftest import page_texts

TODAY = dt.date(2026, 12, 4)
NOW = dt.datetime(2026, 12, 4, 15, tzinfo=dt.timezone.utc)
HEADERS = ["№ дела", "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Гражданство", "Дата регистрации",
           "Дата согласия", "Согласие на передачу"]


def _sheet(path, rows):
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_patronymic_and_sharing_columns_round_trip(engine, actor, tmp_path):
    path = _sheet(tmp_path / "s.xlsx", [
        ["R-1", "Ivanov", "Sergei", "Петрович", "M", "1979-03-04", "RU", "2026-11-01", "2026-11-02", "нет"],
        ["R-2", "Petrova", "Anna", "", "F", "1985-06-07", "RU", "2026-11-01", "2026-11-02", "да"],
        ["R-3", "Sidorov", "Ivan", "", "M", "1990-01-01", "RU", "2026-11-01", "", ""],
        ["B-1", "Bad", "Choice", "", "M", "1990-01-01", "RU", "2026-11-01", "2026-11-02", "perhaps"],
        ["B-2", "Bad", "Nodate", "", "M", "1990-01-01", "RU", "2026-11-01", "", "yes"],
    ])
    with unit_of_work(engine, write=False) as session:
        plan = run.dry_run(session, actor, path, today=TODAY)
    assert plan.mapping["Отчество"] == "patronymic" and plan.mapping["Согласие на передачу"] == "consent_sharing"
    assert {c.source_key for c in plan.cases} == {"R-1", "R-2", "R-3"}
    problems = {(p.row, p.column) for p in plan.problems}
    assert problems == {(5, "Согласие на передачу"), (6, "Согласие на передачу")}
    forms = {c.source_key: c.form for c in plan.cases}
    assert forms["R-1"].principal.patronymic == "Петрович" and forms["R-1"].consent.sharing is False
    assert forms["R-2"].consent.sharing is True and forms["R-3"].consent is None

    with unit_of_work(engine) as session:
        run.import_cases(session, actor, plan, today=TODAY, now=NOW)
    out = tmp_path / "flat.csv"
    with unit_of_work(engine, write=False) as session:
        write_flat_cases(session, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ivanov = next(r for r in rows if r["family_name"] == "Ivanov")
    assert ivanov["patronymic"] == "Петрович" and ivanov["consent_sharing"] == "no"
    assert next(r for r in rows if r["family_name"] == "Sidorov")["consent_sharing"] == ""

    with unit_of_work(engine) as session:
        case_id = case_file.find_case_id(session, ivanov["case_key"])
        row = documents.issue_document(session, actor, "declaration", case_id, "ru")
        text = " ".join(" ".join(page_texts(documents.document_bytes(session, actor, row.id))).split())
    assert "Отчество (при наличии) Петрович" in text
    assert "Я, IVANOV Sergei Петрович, прошу" in text
    assert "Я согласен на передачу" in text and "(согласна)" not in text
