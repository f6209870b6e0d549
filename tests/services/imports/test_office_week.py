"""An office's own sheets on their first import: a totals row at the bottom, headers and country names as a
Lithuanian office writes them, and problems that name a column the sheet does not have in words."""

import datetime as dt

from openpyxl import Workbook

from avrcase.services.imports import run
from avrcase.services.uow import unit_of_work
from tests.services.imports.office_sheets import dry_run as _plan
from tests.services.imports.office_sheets import write_sheet

TODAY = dt.date(2026, 12, 4)
HEADERS = ["Case No.", "Pavardė", "Vardas", "Lytis", "Gimimo data", "Pilietybė", "Paso Nr.", "Išlaidos, EUR"]


def _sheet(path, rows):
    return write_sheet(path, HEADERS, rows)


def test_a_totals_row_at_the_bottom_is_skipped_not_refused(engine, actor, tmp_path):
    path = _sheet(tmp_path / "registras.xlsx", [
        ["VLN-1", "Beridze", "Nino", "F", dt.datetime(1984, 3, 12), "Sakartvelas", "GE1234567", 120],
        ["VLN-2", "Lomidze", "Dato", "M", "14.08.1979", "Gruzija", None, 80],
        [None] * 8,
        ["Iš viso: 2", None, None, None, None, None, None, "=SUM(H2:H3)"],
        [None, "Iš viso", None, None, None, None, None, 200],  # under the names
    ])
    plan = _plan(engine, actor, path)
    assert plan.problems == () and plan.rows == 2
    by_key = {case.source_key: case.form.principal for case in plan.cases}
    assert by_key["VLN-1"].citizenship == "GE"  # "Sakartvelas", as Lithuanian may now name Georgia
    assert by_key["VLN-1"].document_number == "GE1234567"  # under "Paso Nr."


def test_a_row_without_a_name_but_with_a_totals_word_and_a_person_is_still_checked(engine, actor, tmp_path):
    path = _sheet(tmp_path / "registras.xlsx", [["Total", None, None, "F", None, "GE", None, None]])
    plan = _plan(engine, actor, path)
    assert {p.row for p in plan.problems} == {2}


def test_a_problem_of_a_column_the_sheet_lacks_names_it_in_words(engine, actor, tmp_path):
    path = _sheet(tmp_path / "registras.xlsx", [["VLN-1", "Beridze", "Nino", None, "12.03.1984", "Atlantis", None, None]])
    plan = _plan(engine, actor, path)
    columns = {p.column: p.message for p in plan.problems}
    assert set(columns) == {"Lytis", "Pilietybė"}  # not also "country_of_return": it follows the citizenship
    path = tmp_path / "short.xlsx"  # no citizenship column at all
    book = Workbook()
    book.active.append(["Pavardė", "Vardas", "Lytis", "Gimimo data"])
    book.active.append(["Beridze", "Nino", "F", "12.03.1984"])
    book.save(path)
    assert {p.column for p in _plan(engine, actor, path).problems} == {"Citizenship"}


def test_a_consultation_time_is_the_office_wall_time(engine, actor, tmp_path):
    """A Vilnius counsellor's "14:00" was stored as 14:00 UTC, and the case file then showed 16:00."""
    book = Workbook()
    book.active.append(["Case No.", "Pavardė", "Vardas", "Lytis", "Gimimo data", "Pilietybė", "Registracijos data"])
    book.active.append(["VLN-1", "Beridze", "Nino", "F", "12.03.1984", "GE", "02.02.2026"])
    path = tmp_path / "registras.xlsx"
    sheet = book.create_sheet("Konsultacijos")
    sheet.append(["Case No.", "Data", "Forma", "Pastabos"])
    sheet.append(["VLN-1", "10.02.2026 14:00", "phone", "first call"])
    sheet.append(["VLN-1", dt.datetime(2026, 7, 3, 9, 30), "in_person", "an Excel date cell, summer time"])
    sheet.append(["VLN-1", "2026-07-04 09:30:00+00:00", "in_person", "avrcase's own export: in UTC"])
    book.save(path)
    plan = _plan(engine, actor, path)
    assert plan.problems == ()
    assert sorted(c.held_at for c in plan.cases[0].consultations) == [
        dt.datetime(2026, 2, 10, 12, tzinfo=dt.timezone.utc), dt.datetime(2026, 7, 3, 6, 30, tzinfo=dt.timezone.utc),
        dt.datetime(2026, 7, 4, 9, 30, tzinfo=dt.timezone.utc)]


def test_running_a_sheet_with_consultations_again_adds_nothing_and_reports_nothing(engine, actor, tmp_path):
    """The second run listed every consultation of a case imported before as "No valid case with this case key"."""
    book = Workbook()
    book.active.append(["Case No.", "Pavardė", "Vardas", "Lytis", "Gimimo data", "Pilietybė", "Registracijos data"])
    book.active.append(["VLN-1", "Beridze", "Nino", "F", "12.03.1984", "GE", "02.02.2026"])
    book.create_sheet("Konsultacijos").append(["Case No.", "Data", "Forma"])
    book["Konsultacijos"].append(["VLN-1", "10.02.2026 14:00", "phone"])
    path = tmp_path / "registras.xlsx"
    book.save(path)
    with unit_of_work(engine) as session:
        run.import_cases(session, actor, run.dry_run(session, actor, path, today=TODAY), today=TODAY,
                         now=dt.datetime(2026, 12, 4, 12, tzinfo=dt.timezone.utc))
    again = _plan(engine, actor, path)
    assert (again.problems, again.cases, again.already_imported) == ((), (), ("VLN-1",))


def test_two_people_of_one_name_and_birthday_with_different_patronymics_are_two(engine, actor, tmp_path):
    """export all of a store with two such Belarusians imported back without the second: "The same person"."""
    book = Workbook()
    book.active.append(["case_key", "family_name", "given_names", "patronymic", "sex", "date_of_birth", "citizenship"])
    book.active.append(["K1", "Sidarenka", "Uladzimir", "Mikalaevich", "M", "1981-12-05", "BY"])
    book.active.append(["K2", "Sidarenka", "Uladzimir", "Iharavich", "M", "1981-12-05", "BY"])
    book.active.append(["K3", "Sidarenka", "Uladzimir", "", "M", "1981-12-05", "BY"])  # may be either: asked
    path = tmp_path / "export.xlsx"
    book.save(path)
    plan = _plan(engine, actor, path)
    assert [c.source_key for c in plan.cases] == ["K1", "K2"]
    assert [(p.row, p.column) for p in plan.problems] == [(4, "family_name")]


def test_a_semicolon_csv_with_apostrophes_and_quoted_semicolons_is_read(engine, actor, tmp_path):
    """Python's sniffer gave up on this Excel (Lithuanian) CSV and it was read as one column: "No header row"."""
    path = tmp_path / "bylos.csv"
    path.write_bytes("\r\n".join([
        "Case No.;Surname;Name;Sex;Date of birth;Nationality;Address",
        'T-1;Beridze;Nino;F;12.03.1984;Georgia;"Gedimino pr. 1; Vilnius"',
        "T-2;O'Brien;Sean;M;01.02.1990;Ireland;\"Rukla; Jonava district\"",
        "T-3;D'Souza;Maria;F;01.02.1991;India;"]).encode("utf-8-sig"))
    plan = _plan(engine, actor, path)
    assert plan.problems == ()
    assert [c.form.principal.family_name for c in plan.cases] == ["Beridze", "O'Brien", "D'Souza"]
    assert plan.cases[1].form.principal.address == "Rukla; Jonava district"


def test_a_lithuanian_sex_column_of_v_and_m_reads_m_as_moteris(engine, actor, tmp_path):
    """A Lithuanian form writes V (vyras) and M (moteris): every woman of such a sheet was imported as a man."""
    path = _sheet(tmp_path / "registras.xlsx", [
        ["VLN-1", "Beridze", "Nino", "M", "12.03.1984", "GE", None, None],
        ["VLN-2", "Lomidze", "Dato", "V", "14.08.1979", "GE", None, None]])
    plan = _plan(engine, actor, path)
    assert [c.form.principal.sex.value for c in plan.cases] == ["F", "M"]
    path = _sheet(tmp_path / "both.xlsx", [
        ["VLN-1", "Beridze", "Nino", "M", "12.03.1984", "GE", None, None],
        ["VLN-2", "Lomidze", "Dato", "V", "14.08.1979", "GE", None, None],
        ["VLN-3", "Kapanadze", "Eka", "F", "14.08.1989", "GE", None, None]])
    plan = _plan(engine, actor, path)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "Lytis")]  # M beside V and F: either, so asked
    english = _plan(engine, actor, _sheet(tmp_path / "en.xlsx", [["VLN-1", "Lomidze", "Dato", "M", "14.08.1979", "GE",
                                                                   None, None]]))
    assert english.cases[0].form.principal.sex.value == "M"


def test_a_household_says_who_is_who_in_its_own_words(engine, actor, tmp_path):
    """"pareiškėja" and "sutuoktinis" were refused (only the labels were read), the child became the principal
    applicant ("under 18"), and each refused relationship was listed twice."""
    headers = ["Case No.", "Pavardė", "Vardas", "Lytis", "Gimimo data", "Pilietybė", "Ryšys"]
    path = write_sheet(tmp_path / "seimos.xlsx", headers, [
        ["K1", "Kapanadze", "Levan", "V", "02.05.2015", "GE", "sūnus"],
        ["K1", "Kapanadze", "Eka", "M", "30.01.1988", "GE", "pareiškėja"],
        ["K1", "Kapanadze", "Giorgi", "V", "12.06.1986", "GE", "sutuoktinis"],
        ["K2", "Tkachenko", "Iryna", "M", "05.07.1990", "UA", None],
        ["K2", "Tkachenko", "Olha", "M", "05.07.1960", "UA", "kaimynė"]])
    plan = _plan(engine, actor, path)
    household = plan.cases[0].form
    assert household.principal.given_names == "Eka"
    assert [(m.person.given_names, m.relationship.value) for m in household.members] == [
        ("Levan", "child"), ("Giorgi", "spouse")]
    assert [(p.row, p.column) for p in plan.problems] == [(6, "Ryšys")]
