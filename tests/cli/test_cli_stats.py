"""``avrcase stats`` and ``avrcase export-anonymised``: protected files, formula-safe, one-line errors."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from tests.services.statistics.test_eurostat import returns  # noqa: F401  (fixture)
from tests.services.statistics.test_statistics import THIS_YEAR, TODAY, depart, store  # noqa: F401  (fixture)

FORMULA = "=HYPERLINK(\"http://example.org\",\"x\")"


@pytest.fixture(autouse=True)
def as_manager(request, monkeypatch):
    """Commands act as a manager (allowed statistics and anonymised exports) in tests with a store."""
    if "engine" in request.fixturenames:
        request.getfixturevalue("actor_as")(StaffRole.MANAGER, "manager")
        monkeypatch.setenv("AVRCASE_USER", "manager")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(path):
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def period():
    return ["--from", THIS_YEAR[0].isoformat(), "--to", THIS_YEAR[1].isoformat()]


def test_csv_marks_suppressed_cells_and_carries_totals(capsys, store, db_path, tmp_path):  # noqa: F811
    out_file = tmp_path / "returnees.csv"
    code, out, err = run(capsys, "stats", *period(), "--by", "citizenship,sex", "--measure", "returnees",
                         "--min-cell", "3", "--format", "csv", "--out", str(out_file), "--db", str(db_path))
    assert (code, err) == (0, "")
    # Four returnees, but of two households (a GE mother with her two children, an IQ man): below 3 cases.
    assert str(out_file) in out and "c counted" in out
    rows = rows_of(out_file)
    assert rows[0] == ["citizenship \\ sex", "F", "M", "UNK", "TOTAL"]
    table = {row[0]: row[1:] for row in rows[1:]}
    assert table["IQ"][1] == "c"  # one man: below 3
    assert table["GE"][-1] == "c"  # three people, one household
    assert table["TOTAL"][-1] == "c"
    assert set(table) == {"GE", "IQ", "TOTAL"}


def test_xlsx_has_the_table_and_a_notes_sheet(capsys, store, db_path, tmp_path):  # noqa: F811
    out_file = tmp_path / "returns.xlsx"
    code, _out, _err = run(capsys, "stats", *period(), "--by", "sex", "--out", str(out_file), "--db", str(db_path))
    assert code == 0
    book = load_workbook(out_file)
    assert book.sheetnames == ["Returns (departures confirmed)", "Notes"]
    values = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert values[0] == ["sex", "returns"]
    assert values[-1] == ["TOTAL", "c"]  # 2 returns, below 5: the total is hidden too
    notes = {row[0].value: row[1].value for row in book["Notes"].iter_rows()}
    assert "suppressed" in notes["Disclosure rule"] and notes["Filters"] == "none"
    assert notes["Dimensions"] == "Sex"


def test_text_that_would_run_as_a_formula_is_neutralised(capsys, engine, actor, make_case, db_path, tmp_path):
    for _ in range(5):
        depart(engine, actor, make_case(project=FORMULA))
    csv_file, xlsx_file = tmp_path / "p.csv", tmp_path / "p.xlsx"
    for out_file in (csv_file, xlsx_file):
        code, _out, err = run(capsys, "stats", *period(), "--by", "project", "--out", str(out_file), "--db", str(db_path))
        assert (code, err) == (0, "")
    assert rows_of(csv_file)[1] == ["'" + FORMULA, "5"]
    cell = load_workbook(xlsx_file).worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.value == "'" + FORMULA


def test_eurostat_transmission_is_exact_sdmx_csv(capsys, returns, db_path, tmp_path):  # noqa: F811
    out_file = tmp_path / "eirtn.csv"
    code, out, err = run(capsys, "stats", "--eurostat", "--year", str(TODAY.year), "--out", str(out_file),
                         "--db", str(db_path))
    assert (code, err) == (0, "")
    assert "4 returns" in out and "not for publication" in out
    assert not out_file.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = rows_of(out_file)
    assert rows[0] == ["DATAFLOW", "freq", "unit", "citizen", "sex", "age", "c_dest", "geo", "TIME_PERIOD",
                       "OBS_VALUE", "OBS_FLAG"]
    values = {tuple(r[1:9]): r[9] for r in rows[1:]}
    assert values[("Q", "PER", "IQ", "M", "Y18-34", "IQ", "LT", f"{TODAY.year}-Q3")] == "1"  # exact, not "c"
    vol = tmp_path / "vol.csv"
    code, out, err = run(capsys, "stats", "--eurostat", "--year", str(TODAY.year), "--dataflow", "migr_eirt_vol",
                         "--out", str(vol), "--db", str(db_path))
    assert code == 0 and rows_of(vol)[1][0] == "ESTAT:MIGR_EIRT_VOL(1.0)"


def test_eurostat_publication_table_is_protected(capsys, returns, db_path, tmp_path):  # noqa: F811
    out_file = tmp_path / "published.csv"
    code, out, err = run(capsys, "stats", "--eurostat", "--publish", "--year", str(TODAY.year), "--min-cell", "3",
                         "--out", str(out_file), "--db", str(db_path))
    assert (code, err) == (0, "")
    text = out_file.read_text(encoding="utf-8-sig")
    assert ",c" in text and "IQ" in text


def test_eurostat_transmission_is_csv_only(capsys, returns, db_path, tmp_path):  # noqa: F811
    code, _out, err = run(capsys, "stats", "--eurostat", "--year", str(TODAY.year), "--out",
                          str(tmp_path / "x.xlsx"), "--db", str(db_path))
    assert code != 0 and ".csv" in err


def test_anonymised_export_from_the_command_line(capsys, store, db_path, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("AVRCASE_EXPORT_SECRET_FILE", str(tmp_path / "secret"))
    out_file = tmp_path / "returnees.csv"
    code, out, err = run(capsys, "export-anonymised", *period(), "--k", "3", "--out", str(out_file), "--db", str(db_path))
    assert (code, err) == (0, "")
    assert "rows written" in out and "left out" in out
    assert rows_of(out_file)[0] == ["record_key", "citizenship", "sex", "age_class", "country_of_return",
                                    "period_of_return", "vulnerability"]
    assert not (tmp_path / "secret").exists()  # a new random key, no office secret
    code, out, err = run(capsys, "export-anonymised", *period(), "--k", "3", "--pseudonymised-for-processor",
                         "--out", str(out_file), "--db", str(db_path))
    assert code == 0 and rows_of(out_file)[0][0] == "pseudonym" and (tmp_path / "secret").exists()
    assert "PSEUDONYMISED" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["stats", "--from", "2026-02-30", "--to", "2026-03-01", "--by", "sex"], "--from needs a date"),
    (["stats", *["--from", "2026-01-01", "--to", "2026-03-01"], "--by", "sex", "--min-cell", "2"], "at least 3"),
    (["stats", *["--from", "2026-01-01", "--to", "2026-03-01"], "--by", "sex,planet"], "Unknown dimension “planet”"),
    (["export-anonymised", "--from", "2026-01-01", "--to", "yesterday"], "--to needs a date"),
    (["export-anonymised", "--from", "2026-01-01", "--to", "2026-02-01", "--k", "1"], "at least 3"),
])
def test_mistakes_are_one_line_and_exit_1(capsys, engine, db_path, tmp_path, argv, expected):
    out_file = tmp_path / "x.csv"
    code, out, err = run(capsys, *argv, "--out", str(out_file), "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err.startswith("avrcase: ") and expected in err and err.count("\n") == 1
    assert not out_file.exists()


def test_pdf_report_with_the_protected_table(capsys, store, db_path, tmp_path):  # noqa: F811
    out_file = tmp_path / "returnees.pdf"
    code, out, err = run(capsys, "stats", *period(), "--by", "age_class,sex", "--measure", "returnees",
                         "--min-cell", "3", "--format", "pdf", "--out", str(out_file), "--db", str(db_path))
    assert (code, err) == (0, "") and str(out_file) in out
    reader = PdfReader(out_file)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Returnees (persons departed)" in text and "Age class \\ Sex" in text
    assert "Under 14 c" in text and "Total" in text and "Women and girls" in text
    assert f"Page 1 of {len(reader.pages)}" in text and "How the tables are protected" in text


def test_a_role_without_statistics_is_refused(capsys, engine, actor_as, db_path, tmp_path, monkeypatch):
    actor_as(StaffRole.COUNSELLOR, "ruta-c")
    monkeypatch.setenv("AVRCASE_USER", "ruta-c")
    out_file = tmp_path / "s.pdf"
    code, out, err = run(capsys, "stats", *period(), "--by", "sex", "--out", str(out_file), "--db", str(db_path))
    assert (code, out) == (1, "") and "does not allow you to see statistics" in err
    assert not out_file.exists()


def test_missing_dimensions_are_a_usage_error(capsys, engine, db_path, tmp_path):
    code, _out, err = run(capsys, "stats", *period(), "--out", str(tmp_path / "s.csv"), "--db", str(db_path))
    assert code == 2 and "--by" in err


def test_help_lists_the_dimensions(capsys):
    with pytest.raises(SystemExit):
        main(["stats", "--help"])
    assert "country_of_return" in capsys.readouterr().out


def test_protected_tables_cover_whole_months_only(capsys, store, db_path, tmp_path):  # noqa: F811
    out_file = tmp_path / "x.csv"
    code, out, err = run(capsys, "stats", "--from", f"{TODAY.year}-01-01", "--to", f"{TODAY.year}-01-15",
                         "--by", "sex", "--out", str(out_file), "--db", str(db_path))
    assert (code, out) == (1, "") and "whole months" in err and err.count("\n") == 1
    assert not out_file.exists()


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("1900-01-01", f"{TODAY.year}-12-31", "at most 20 years"),
    (f"{TODAY.year}-01-01", f"{TODAY.year + 4}-12-31", "after this year"),
    (f"{TODAY.year + 1}-01-01", f"{TODAY.year + 1}-03-31", "after this year"),
])
def test_a_protected_table_of_centuries_or_of_months_to_come_is_refused_and_nothing_is_released(
        capsys, store, db_path, tmp_path, start, end, expected):  # noqa: F811
    """One table of 1900–2100 went into the release register, and every later ``avrcase stats`` was then protected
    against its 2,412 months: 20–50 s for a table of 300 cases."""
    from sqlalchemy import create_engine, func, select

    from avrcase.store.models import StatisticsRelease

    out_file = tmp_path / "x.csv"
    code, out, err = run(capsys, "stats", "--from", start, "--to", end, "--by", "month,citizenship", "--publish",
                         "--out", str(out_file), "--db", str(db_path))
    assert (code, out) == (1, "") and expected in err and err.count("\n") == 1, err
    assert not out_file.exists()
    code, _out, err = run(capsys, "export-anonymised", "--from", start, "--to", end, "--out", str(tmp_path / "a.csv"),
                          "--db", str(db_path))
    assert code == 1 and expected in err and err.count("\n") == 1, err
    with create_engine(f"sqlite:///{db_path}").connect() as connection:
        assert connection.scalar(select(func.count()).select_from(StatisticsRelease)) == 0


def test_twenty_years_to_the_end_of_this_year_are_released(capsys, store, db_path, tmp_path):  # noqa: F811
    out_file = tmp_path / "x.csv"
    code, _out, err = run(capsys, "stats", "--from", f"{TODAY.year - 19}-01-01", "--to", f"{TODAY.year}-12-31",
                          "--by", "year", "--out", str(out_file), "--db", str(db_path))
    assert (code, err) == (0, "") and out_file.exists()


def test_round5_prints_the_rounded_total_of_the_file_and_the_release_is_registered(capsys, store, db_path, tmp_path,  # noqa: F811
                                                                                    engine, actor, make_case):
    from sqlalchemy import create_engine, select

    from avrcase.store.models import StatisticsRelease

    for _ in range(2):  # two more households: four in all, enough for k = 3
        depart(engine, actor, make_case())
    out_file = tmp_path / "sex.csv"
    code, out, err = run(capsys, "stats", *period(), "--by", "sex", "--measure", "returnees", "--min-cell", "3",
                         "--round5", "--out", str(out_file), "--db", str(db_path))
    assert (code, err) == (0, "")
    rows = {row[0]: row[1] for row in rows_of(out_file)[1:]}
    assert rows["TOTAL"] == "5"  # 6 returnees, rounded
    assert "5 counted" in out and "6 counted" not in out
    with create_engine(f"sqlite:///{db_path}").connect() as connection:
        release = connection.execute(select(StatisticsRelease)).one()
    assert (release.measure, release.dimensions, release.method, release.round5) == (
        "returnees", "sex", "linked-suppression", True)
    assert (release.date_from, release.date_to) == THIS_YEAR and release.released_by == "manager"


def test_a_101_year_report_is_written_or_refused_in_one_line(capsys, store, db_path, tmp_path):  # noqa: F811
    out_file = tmp_path / "century.pdf"
    code, _out, err = run(capsys, "stats", "--from", f"{TODAY.year - 100}-01-01", "--to", f"{TODAY.year}-12-31",
                         "--by", "citizenship,year", "--out", str(out_file), "--db", str(db_path))
    assert "availWidth" not in err and "Traceback" not in err
    assert (code == 0 and out_file.exists()) or (code == 1 and err.startswith("avrcase: ") and err.count("\n") == 1)


def test_a_project_no_case_is_in_is_refused_and_nothing_is_released(capsys, store, db_path, tmp_path, engine):  # noqa: F811
    """"--project Nope" counted 0, wrote the file and registered a release that then constrained later ones."""
    from sqlalchemy import func, select

    from avrcase.services.uow import unit_of_work
    from avrcase.store.models import AuditEntry

    def exports():
        with unit_of_work(engine, write=False) as session:
            return session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "export"))

    before = exports()
    out_file = tmp_path / "nope.csv"
    code, out, err = run(capsys, "stats", *period(), "--by", "sex", "--project", "Nope", "--out", str(out_file),
                         "--db", str(db_path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("avrcase: No case is in a project called “Nope”; the projects are: ")
    assert not out_file.exists() and exports() == before


def test_an_anonymised_file_one_month_longer_than_the_last_is_refused(capsys, store, db_path, tmp_path):  # noqa: F811
    """Seen on the walk: the files of January–November and January–December differed by one row, the one
    December returnee's (region, age, and whether vulnerable), though each file alone was 5-anonymous."""
    year, eleven = THIS_YEAR, (THIS_YEAR[0], THIS_YEAR[1].replace(month=11, day=30))
    first, second = tmp_path / "eleven.csv", tmp_path / "year.csv"
    code, _out, err = run(capsys, "export-anonymised", "--from", eleven[0].isoformat(), "--to", eleven[1].isoformat(),
                          "--k", "3", "--out", str(first), "--db", str(db_path))
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "export-anonymised", "--from", year[0].isoformat(), "--to", year[1].isoformat(),
                         "--k", "3", "--out", str(second), "--db", str(db_path))
    assert code == 1 and not second.exists()
    assert f"An anonymised file of {eleven[0].isoformat()} to {eleven[1].isoformat()} was released before" in err
    assert len(err.strip().splitlines()) == 1
    # The same period again, or a period that does not overlap, is still released.
    assert run(capsys, "export-anonymised", "--from", eleven[0].isoformat(), "--to", eleven[1].isoformat(),
               "--k", "3", "--out", str(second), "--db", str(db_path))[0] == 0
    december = ("--from", year[1].replace(day=1).isoformat(), "--to", year[1].isoformat())
    assert run(capsys, "export-anonymised", *december, "--k", "3", "--out", str(second), "--db", str(db_path))[0] == 0


def test_the_release_register_records_the_k_an_anonymised_file_was_made_with(capsys, store, db_path, tmp_path):  # noqa: F811
    """Seen on the walk: a file made with --k 3 was entered in the release register with minimum cell 5."""
    import sqlite3

    code, _out, err = run(capsys, "export-anonymised", *period(), "--k", "3", "--out", str(tmp_path / "a.csv"),
                          "--db", str(db_path))
    assert (code, err) == (0, "")
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT kind, method, min_cell FROM statistics_releases").fetchall()
    assert rows == [("microdata", "k-anonymity", 3)]
