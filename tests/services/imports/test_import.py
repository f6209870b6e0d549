"""Importing an office's sheet: mapping guesses, value mapping, the dry run's report, duplicates, re-runs."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from avrcase.domain.codes import Sex, StaffRole
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.services.imports import run
from avrcase.services.imports.template import write_report, write_template
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, Case, Consultation, Person
from tests.services.imports.messy import write_messy_xlsx

TODAY = dt.date(2026, 12, 4)
NOW = dt.datetime(2026, 12, 4, 15, tzinfo=dt.timezone.utc)


@pytest.fixture
def messy(tmp_path):
    return write_messy_xlsx(tmp_path / "bylos.xlsx")


def _plan(engine, actor, path, **kwargs):
    with unit_of_work(engine, write=False) as session:
        return run.dry_run(session, actor, path, today=TODAY, **kwargs)


def test_dry_run_of_a_messy_sheet_maps_values_and_reports_every_problem(engine, actor, messy, tmp_path):
    plan = _plan(engine, actor, messy)
    assert plan.rows == 6  # empty rows skipped, title rows above the header ignored
    by_key = {c.source_key: c for c in plan.cases}
    assert set(by_key) == {"VNO-1", "VNO-2", "VNO-3"}
    household = by_key["VNO-1"].form
    assert household.principal.family_name == "Beridze" and household.principal.given_names == "Nino"
    assert household.principal.citizenship == "GE" and household.country_of_return == "GE"
    assert household.principal.date_of_birth == dt.date(1988, 5, 17) and household.registered_on == dt.date(2026, 10, 1)
    assert [m.person.given_names for m in household.members] == ["Luka"]
    assert household.members[0].person.date_of_birth == dt.date(2015, 3, 1)
    assert by_key["VNO-2"].form.principal.citizenship == "RU" and by_key["VNO-2"].form.registered_on == dt.date(2026, 11, 3)
    assert by_key["VNO-2"].stage.value == "counselling"
    assert by_key["VNO-3"].form.principal.citizenship == "TJ" and by_key["VNO-3"].form.principal.date_of_birth == dt.date(1990, 1, 20)
    assert len(by_key["VNO-2"].consultations) == 1
    messages = {(p.row, p.column): p.message for p in plan.problems}
    assert "row 7" in messages[(9, "Pavardė")]  # VNO-4 is VNO-2 again (sheet row 7)
    assert (10, "Lytis") in messages and (10, "Gimimo data") in messages and (10, "Pilietybė") in messages
    assert (10, "Registracijos data") in messages
    assert (10, "Vardas") not in messages  # "Nobody" alone is a name: one name only is common (Afghanistan, Eritrea)
    assert any(p.sheet == "Konsultacijos" and p.row == 3 for p in plan.problems)
    report = tmp_path / "report.xlsx"
    write_report(plan, report)
    rows = list(load_workbook(report).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Sheet", "Row", "Column", "Value", "Message")
    assert ("Bylos 2026", 10, "Gimimo data", "31.02.1990") == rows[[r[1] for r in rows].index(10)][:4] or \
        any(r[:4] == ("Bylos 2026", 10, "Gimimo data", "31.02.1990") for r in rows)


def test_a_sheet_named_like_a_formula_is_plain_text_in_the_report_s_summary(engine, actor, messy, tmp_path):
    """The summary wrote the sheet's file name as it was: one named ``=HYPERLINK(…).xlsx`` became a live formula (a
    link) in the report that Excel opened; it is text with the safe-cell quote now, as every other cell."""
    named = messy.rename(tmp_path / '=HYPERLINK("http:x",1)+1.xlsx')
    report = tmp_path / "report.xlsx"
    write_report(_plan(engine, actor, named), report)
    summary = load_workbook(report)["Summary"]
    cell = next(c for row in summary.iter_rows() for c in row if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(\"http:x\",1)+1.xlsx"


def test_a_csv_file_past_the_limit_is_refused_without_being_read_into_memory(engine, actor, tmp_path):
    """A CSV of gigabytes was read whole before anything was checked (an XLSX was refused by its size); it is
    refused by its size now, with nothing read."""
    import tracemalloc

    huge = tmp_path / "bylos.csv"
    with huge.open("wb") as stream:
        stream.truncate(300 * 1024 * 1024)  # sparse: no disk used
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="larger than a spreadsheet of cases can be"):
            _plan(engine, actor, huge)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_import_writes_valid_cases_on_the_audit_trail_and_a_rerun_adds_nothing(engine, actor, messy):
    plan = _plan(engine, actor, messy)
    with unit_of_work(engine) as session:
        result = run.import_cases(session, actor, plan, today=TODAY, now=NOW)
    assert len(result.case_numbers) == 3 and result.skipped_rows == 3
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count(Case.id))) == 3
        assert session.scalar(select(func.count(Person.id))) == 4
        assert session.scalar(select(func.count(Consultation.id))) == 1
        entries = session.execute(select(AuditEntry.details).where(AuditEntry.action == "import")).scalars().all()
        stages = dict(session.execute(select(Case.case_number, Case.stage)).all())
    assert len(entries) == 3 and all(plan.sha256 in e for e in entries)
    assert sorted(stages.values()) == ["counselling", "registered", "registered"]
    again = _plan(engine, actor, messy)
    assert sorted(again.already_imported) == ["VNO-1", "VNO-2", "VNO-3"] and again.cases == ()
    with unit_of_work(engine) as session:
        assert run.import_cases(session, actor, again, today=TODAY, now=NOW).case_numbers == ()
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count(Case.id))) == 3


def test_all_or_nothing_imports_nothing_when_a_row_is_wrong(engine, actor, messy):
    plan = _plan(engine, actor, messy)
    with pytest.raises(ValidationError, match="3 rows have problems; with --all-or-nothing nothing was imported"):
        with unit_of_work(engine) as session:
            run.import_cases(session, actor, plan, today=TODAY, now=NOW, all_or_nothing=True)
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count(Case.id))) == 0


def test_cancel_rolls_everything_back(engine, actor, messy):
    plan = _plan(engine, actor, messy)
    with pytest.raises(run.ImportCancelled):
        with unit_of_work(engine) as session:
            run.import_cases(session, actor, plan, today=TODAY, now=NOW, progress=lambda done, total: False)
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count(Case.id))) == 0


def test_a_person_already_in_the_store_is_a_duplicate(engine, actor, make_case, messy):
    make_case()  # Nino Beridze, born 1988-05-17, passport 13AB45678
    plan = _plan(engine, actor, messy)
    assert "VNO-1" not in {c.source_key for c in plan.cases}
    assert any("already in the store" in p.message and p.row == 4 for p in plan.problems)


def test_only_roles_that_register_cases_import(engine, actor_as, messy):
    with pytest.raises(PermissionDeniedError):
        _plan(engine, actor_as(StaffRole.MANAGER), messy)


def test_template_lists_columns_and_allowed_values(engine, actor, tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["Cases", "Consultations"]
    header = [c.value for c in book["Cases"][1]]
    assert header[:4] == ["case_key", "relationship", "family_name", "given_names"]
    allowed = {row[0]: row[3] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert "rejected_asylum_seeker (Rejected asylum seeker)" in allowed["legal_status"]
    # The blank template, filled in with one row, imports.
    book["Cases"].append(["K1", "principal", "Doe", "Jane", "", "", "", "F", "1990-01-01", "no", "GE", "", "", "", "", "",
                          "", "", "", "other", "ngo", "GE", "", "2026-12-01", "", "", "", "", ""])
    book.save(path)
    plan = _plan(engine, actor, path)
    assert [c.source_key for c in plan.cases] == ["K1"] and plan.problems == ()


def _sheet(tmp_path, rows):
    from openpyxl import Workbook

    from tests.services.imports.messy import HEADERS

    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    path = tmp_path / "spellings.xlsx"
    book.save(path)
    return path


def test_the_same_person_spelt_another_way_or_with_a_cyrillic_passport_is_found_in_the_store(
        engine, actor, make_case, tmp_path):
    from tests.conftest import make_person

    make_case(principal=make_person(family_name="Zakharov", given_names="Ivan", family_name_original="Захаров",
                                    given_names_original="Иван", sex=Sex.MALE, date_of_birth=dt.date(1980, 5, 1),
                                    citizenship="RU", document_number="EK1234567"))
    path = _sheet(tmp_path, [
        # Another transliteration, the day and month swapped on the sheet.
        ["S-1", "Zaharov", "Ivan", "M", "05.01.1980", "RU", "RU", "", "", "2026-11-01", "", ""],
        # Another spelling and birthday, but the passport typed on a Russian keyboard (Е, К are Cyrillic).
        ["S-2", "Sakharow", "Iwan", "M", "1981-02-03", "RU", "RU", "", "ЕК1234567", "2026-11-01", "", ""],
        # Someone else born the same day: imported.
        ["S-3", "Petrova", "Anna", "F", "01.05.1980", "RU", "RU", "", "", "2026-11-01", "", ""],
    ])
    plan = _plan(engine, actor, path)
    assert {c.source_key for c in plan.cases} == {"S-3"}
    messages = {p.row: p.message for p in plan.problems}
    assert "may already be in the store" in messages[2] and "ZAKHAROV Ivan" in messages[2]
    assert "document number is already in the store" in messages[3]
    assert 4 not in messages


HEADER = "case_key,relationship,family_name,given_names,sex,date_of_birth,citizenship,registered_on\n"


@pytest.mark.parametrize("encoding, family, given", [
    ("cp1251", "Хуцишвили", "Гиорги"), ("cp1257", "Žukauskas", "Šarūnas"), ("utf-8", "Nguyễn", "Văn Thắng"),
    ("utf-16", "محمد", "Ахмед"), ("utf-8-sig", "Qoʻchqorov", "Oʻtkir")])
def test_a_csv_in_each_encoding_an_office_saves_reads_its_names_whole(engine, actor, tmp_path, encoding, family, given):
    """A Windows-1251 file was read as Windows-1257 (which decodes any bytes): "Хуцишвили" became "Õóöčųāčėč";
    Excel's "Unicode text" (UTF-16) was "not a case sheet"."""
    path = tmp_path / f"bylos-{encoding}.csv"
    path.write_bytes((HEADER + f"C1,principal,{family},{given},M,1990-07-07,GE,2026-11-03\n").encode(encoding))
    plan = _plan(engine, actor, path)
    assert not plan.problems and len(plan.cases) == 1
    with unit_of_work(engine) as session:
        run.import_cases(session, actor, plan, today=TODAY, now=NOW)
    with unit_of_work(engine, write=False) as session:
        # A name not in Latin letters is the name in the original script (its Latin spelling romanised from it).
        stored = session.execute(select(Person.family_name, Person.given_names, Person.family_name_original,
                                        Person.given_names_original)).one()
        assert [o or latin for latin, o in ((stored[0], stored[2]), (stored[1], stored[3]))] == [family, given]


def test_a_person_with_one_name_only_and_a_transliterated_arabic_name_are_imported_as_written(engine, actor, tmp_path):
    """The case dialog takes one name only (a family name or given names); the import refused either column
    empty. "ʿAbd al-Raḥmān" (ʿ for the ayn) was taken for another script: moved to the original-script field and
    "romanised" to "Abd al-Raḥmān"."""
    path = tmp_path / "names.csv"
    path.write_text(HEADER + "C1,principal,,Tesfay,M,1990-07-07,ER,2026-11-03\n"
                             "C2,principal,Habibullah,,M,1991-07-07,AF,2026-11-03\n"
                             "C3,principal,Jaber,ʿAbd al-Raḥmān,M,1992-07-07,SY,2026-11-03\n"
                             "C4,principal,,,M,1993-07-07,SY,2026-11-03\n", encoding="utf-8")
    plan = _plan(engine, actor, path)
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (5, "family_name", "Please enter the name as it is written in the travel document.")]
    assert plan.notes == ()
    with unit_of_work(engine) as session:
        run.import_cases(session, actor, plan, today=TODAY, now=NOW)
    with unit_of_work(engine, write=False) as session:
        stored = session.execute(select(Person.family_name, Person.given_names, Person.given_names_original)
                                 .order_by(Person.date_of_birth)).all()
    assert [tuple(r) for r in stored] == [("", "Tesfay", ""), ("Habibullah", "", ""), ("Jaber", "ʿAbd al-Raḥmān", "")]


def test_names_with_quotes_and_commas_far_down_a_csv_come_back_as_written(engine, actor, tmp_path):
    """The delimiter sniffer's guess of the quoting, from the first 8 KB, read a doubled quote further down as two
    quotes and a quote after the cell: 'Gus "the" Man' was imported as 'Gus "the"" Man"' (export all → import)."""
    import csv

    path = tmp_path / "bylos.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        out = csv.writer(stream)
        out.writerow(HEADER.strip().split(","))
        for i in range(160):  # plain rows first, as a long caseload has them
            out.writerow([f"C{i}", "principal", f"Plain{chr(65 + i % 26)}{chr(65 + i // 26)}", "Ana", "F",
                          f"19{50 + i % 40}-0{1 + i % 9}-1{i % 10}", "GE", "2026-11-03"])
        out.writerow(["Q1", "principal", "O'Brien, Jr.", 'Gus "the" Man', "M", "1990-07-07", "GE", "2026-11-03"])
    assert path.read_text(encoding="utf-8").find('""') > 8192
    plan = _plan(engine, actor, path)
    assert not plan.problems and len(plan.cases) == 161
    with unit_of_work(engine) as session:
        run.import_cases(session, actor, plan, today=TODAY, now=NOW)
    with unit_of_work(engine, write=False) as session:
        assert session.execute(select(Person.family_name, Person.given_names)
                               .where(Person.date_of_birth == dt.date(1990, 7, 7))).one() == ("O'Brien, Jr.", 'Gus "the" Man')


def test_a_birth_date_with_its_day_unknown_is_read_as_the_first_of_the_month_estimated(engine, actor, tmp_path):
    """00.06.1985 (the day a passport leaves unknown) was "not a date" and its row was left out; a year alone was
    already read as 1 January, estimated."""
    path = tmp_path / "born.csv"
    path.write_text(HEADER + "D1,principal,Karimov,Aziz,M,00.06.1985,TJ,2026-11-03\n"
                             "D2,principal,Rahimi,Sara,F,XX/11/1979,AF,2026-11-03\n"
                             "D3,principal,Nazarov,Bek,M,00.00.1990,TJ,2026-11-03\n"
                             "D4,principal,Odinaev,Ali,M,00.13.1990,TJ,2026-11-03\n", encoding="utf-8")
    plan = _plan(engine, actor, path)
    assert [(p.row, p.column) for p in plan.problems] == [(5, "date_of_birth")]  # no 13th month
    assert [(n.row, n.column) for n in plan.notes] == [(2, "date_of_birth"), (3, "date_of_birth"),
                                                        (4, "date_of_birth")]
    assert "Only the month and year of birth are given" in plan.notes[0].message
    with unit_of_work(engine) as session:
        run.import_cases(session, actor, plan, today=TODAY, now=NOW)
    with unit_of_work(engine, write=False) as session:
        stored = session.execute(select(Person.family_name, Person.date_of_birth, Person.dob_estimated)
                                 .order_by(Person.family_name)).all()
    assert [tuple(r) for r in stored] == [("Karimov", dt.date(1985, 6, 1), True), ("Nazarov", dt.date(1990, 1, 1), True),
                                          ("Rahimi", dt.date(1979, 11, 1), True)]
