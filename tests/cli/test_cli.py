"""The command line as offices script it: outputs, CSV columns, exit codes, one-line errors."""

import csv
import io
import json
import subprocess
import sys
import unicodedata

import pytest
from sqlalchemy import text

from avrcase import __version__
from avrcase.cli.main import main
from avrcase.domain.codes import Vulnerability
from avrcase.domain.forms import VulnerabilityForm
from tests.cli.test_cli_accounts import own_password
from tests.conftest import make_person


@pytest.fixture(autouse=True)
def signed_in_as_the_counsellor(request, monkeypatch):
    """Commands on a test store sign in as the counsellor who made its cases (password: conftest)."""
    if "engine" in request.fixturenames or "make_case" in request.fixturenames:
        monkeypatch.setenv("AVRCASE_USER", request.getfixturevalue("actor").username)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"avrcase {__version__}"


def test_db_upgrade_creates_a_store(capsys, tmp_path):
    path = tmp_path / "new.sqlite"
    code, out, _ = run(capsys, "db", "upgrade", "--db", str(path))
    assert code == 0 and path.exists() and "schema" in out
    code, out, _ = run(capsys, "--db", str(path), "db", "upgrade")  # --db before the command works too
    assert code == 0


def test_case_list_csv_has_the_contract_columns(capsys, db_path, make_case):
    vietnamese = make_case(principal=make_person(family_name="Nguyễn", given_names="Thị Hồng", citizenship="VN",
                                                 document_number="C1"),
                           country_of_return="VN", vulnerabilities=(VulnerabilityForm(Vulnerability.PREGNANT),))
    make_case(members=2)
    code, out, err = run(capsys, "case", "list", "--db", str(db_path), "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:7] == ["case_number", "status", "principal_name", "citizenship", "country_of_return",
                                 "household_size", "registered_on"]
    by_number = {r["case_number"]: r for r in rows}
    row = by_number[vietnamese.case_number]
    assert row["principal_name"] == "NGUYỄN Thị Hồng"
    assert (row["status"], row["citizenship"], row["country_of_return"], row["household_size"]) == (
        "registered", "VN", "VN", "1")
    assert row["vulnerable"] == "yes"
    assert sorted(r["household_size"] for r in rows) == ["1", "3"]


def test_case_list_writes_its_pages_without_the_cyclic_collector_and_restores_it(capsys, db_path, make_case,
                                                                                 monkeypatch):
    """#14: the collector found nothing in a listing's rows and cost about a tenth of listing 100,000 cases; it
    is held while the pages are written and is on again afterwards, also when the reader goes away."""
    import gc

    from avrcase.cli import cases as cli_cases

    for _ in range(3):
        make_case()
    seen: list[bool] = []
    write = cli_cases._write_csv  # noqa: SLF001 - the listing's writer, watched

    def watched(pages):
        return write((seen.append(gc.isenabled()), page)[1] for page in pages)

    monkeypatch.setattr(cli_cases, "_write_csv", watched)
    gc.enable()  # as a command line process has it (the tests collect between tests instead: conftest)
    try:
        code, out, err = run(capsys, "case", "list", "--db", str(db_path), "--format", "csv")
        assert code == 0, err
        assert len(out.strip().splitlines()) == 4 and seen == [False] and gc.isenabled()

        def reader_gone(pages):
            raise BrokenPipeError

        monkeypatch.setattr(cli_cases, "_write_csv", reader_gone)
        code, _, _ = run(capsys, "case", "list", "--db", str(db_path), "--format", "csv")
        assert code == 0 and gc.isenabled()
    finally:
        gc.disable()


def collector_seen_by(monkeypatch, owner, name: str) -> list[bool]:
    """Whether the cyclic collector was on each time ``owner.name`` was called; from here on it is on, as a command
    line process has it (the tests collect between tests instead: conftest; ``gc.disable()`` when done)."""
    import gc

    seen: list[bool] = []
    function = getattr(owner, name)

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return function(*args, **kwargs)

    monkeypatch.setattr(owner, name, watched)
    gc.enable()
    return seen


def test_a_command_signs_in_without_the_collector_and_keeps_the_mapped_models_out_of_later_collections(
        capsys, db_path, make_case, monkeypatch):
    """#14: the first query of a command configures every mapper of the store's models; the collector ran about 25
    times over what that makes (which lasts as long as the process). The sign-in holds it, a process that paused
    collection at its start freezes what was made, and the collector is on again for the command."""
    import gc

    import avrcase
    from avrcase.services.accounts import accounts

    make_case()
    monkeypatch.setattr(avrcase, "_paused_at_start", True)  # as the console script starts
    frozen = gc.get_freeze_count()
    seen = collector_seen_by(monkeypatch, accounts, "authenticate")
    try:
        code, out, err = run(capsys, "case", "list", "--db", str(db_path), "--format", "csv")
        assert (code, err, seen) == (0, "", [False]) and len(out.splitlines()) == 2
        assert gc.isenabled() and gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()  # the test process's objects are collected again
        gc.disable()


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_case_list_refused_to_a_role_prints_no_header(capsys, monkeypatch, db_path, make_case, actor_as, fmt):
    """An administrator's ``case list --format csv`` printed the CSV header on stdout, then the refusal: a script
    saving the listing kept a header-only file although the command failed."""
    from avrcase.domain.codes import StaffRole

    make_case()
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.ADMINISTRATOR).username)
    code, out, err = run(capsys, "case", "list", "--db", str(db_path), "--format", fmt)
    assert (code, out) == (1, "")
    assert err == "avrcase: Your role (Administrator) does not allow you to see case lists and case files.\n"


def test_case_list_search_status_limit_and_table(capsys, db_path, make_case):
    for _ in range(3):
        make_case()
    make_case(principal=make_person(family_name="Shevchenko", given_names="Olena", citizenship="UA", document_number="U1"))
    code, out, _ = run(capsys, "case", "list", "--db", str(db_path), "--search", "shevchenko", "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 2
    code, out, _ = run(capsys, "case", "list", "--db", str(db_path), "--limit", "2", "--format", "csv")
    assert len(out.strip().splitlines()) == 3
    code, out, _ = run(capsys, "case", "list", "--db", str(db_path), "--status", "closed", "--format", "csv")
    assert len(out.strip().splitlines()) == 1
    code, out, _ = run(capsys, "case", "list", "--db", str(db_path))
    assert code == 0 and out.strip().endswith("4 cases") and "SHEVCHENKO Olena" in out


def test_case_list_csv_neutralises_formulas(capsys, db_path, make_case, engine):
    # A name may no longer hold = or + (symbols), nor start with @ or - (session 29); a name stored before those
    # rules (or written into the store by hand) may still start a formula, and the CSV must not run it.
    detail = make_case(principal=make_person(family_name="Hyperlink", given_names="Sum"))
    with engine.begin() as connection:
        connection.execute(text("UPDATE persons SET family_name = '@Hyperlink', given_names = '-Sum' WHERE id = :id"),
                           {"id": detail.principal.id})
    _, out, _ = run(capsys, "case", "list", "--db", str(db_path), "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["principal_name"].startswith("'@")


def test_case_show_json_and_text(capsys, db_path, make_case):
    detail = make_case(members=1)
    code, out, _ = run(capsys, "case", "show", detail.case_number.lower(), "--db", str(db_path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["case_number"] == detail.case_number
    assert data["members"][0]["person"]["family_name_original"] == "ბერიძე"
    assert data["stage"] == "registered" and data["consultations"] == []
    code, out, _ = run(capsys, "case", "show", detail.case_number, "--db", str(db_path))
    assert code == 0
    assert f"Case {detail.case_number} — Registered" in out and "BERIDZE Nino (ბერიძე ნინო)" in out
    assert "Household (2)" in out


def test_errors_are_one_line_with_exit_codes(capsys, db_path, engine, tmp_path):
    code, out, err = run(capsys, "case", "show", "VNO-2026-12345", "--db", str(db_path))
    assert (code, out) == (1, "") and err == "avrcase: There is no case VNO-2026-12345.\n"
    code, _, err = run(capsys, "case", "list", "--status", "flying", "--db", str(db_path))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "invalid choice" in err
    code, _, err = run(capsys, "case", "list", "--limit", "-1", "--db", str(db_path))
    assert code == 2 and len(err.strip().splitlines()) == 1
    foreign = tmp_path / "photo.jpg"
    foreign.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    code, _, err = run(capsys, "case", "list", "--db", str(foreign))
    assert code == 1 and err.count("\n") == 1 and "not an avrcase store" in err
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_console_script_prints_no_traceback(tmp_path):
    """The installed entry point, as a real process: a store nobody can sign in to is one line on stderr, exit 1;
    a mistyped store path is one line too, and makes no store."""
    store = tmp_path / "s.sqlite"
    made = subprocess.run([sys.executable, "-m", "avrcase", "db", "upgrade", "--db", str(store)],
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    result = subprocess.run([sys.executable, "-m", "avrcase", "case", "show", "X-1", "--db", str(store),
                             "--user", "ruta"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("avrcase: Nobody can sign in to this store yet")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    typo = tmp_path / "s.sqlite3"
    for argv in (["case", "list"], ["db", "check"], ["audit", "verify"], ["user", "list"]):
        result = subprocess.run([sys.executable, "-m", "avrcase", *argv, "--db", str(typo), "--user", "ruta"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1 and result.stderr == (
            f"avrcase: There is no avrcase store at {typo}; check the path (“avrcase db upgrade” makes a new store).\n")
        assert not typo.exists()


# ---------------------------------------------------------------- demo data only where it belongs (#12)

def _real_store(path, monkeypatch) -> None:
    """A real office store: its administrator made first (``avrcase user add``), then a counsellor."""
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "office key for the first account")
    assert main(["user", "add", "aiste", "--name", "Aistė Admin", "--role", "administrator", "--db", str(path)]) == 0
    monkeypatch.setenv("AVRCASE_PASSWORD", "office key for the first account")
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "second office key for staff")
    assert main(["user", "add", "ruta", "--name", "Rūta", "--role", "counsellor", "--db", str(path),
                 "--user", "aiste"]) == 0
    own_password(path, "ruta")


def test_demo_command_refuses_a_real_office_store_and_says_why(capsys, tmp_path, monkeypatch):
    path = tmp_path / "office.sqlite"
    _real_store(path, monkeypatch)
    capsys.readouterr()
    monkeypatch.setenv("AVRCASE_PASSWORD", "office key for the first account")
    assert main(["demo", "--db", str(path), "--cases", "5", "--user", "aiste"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("avrcase: This is a real office store, so demo data cannot be loaded into it")


def test_demo_command_refuses_a_counsellor(capsys, tmp_path, monkeypatch):
    path = tmp_path / "office.sqlite"
    _real_store(path, monkeypatch)
    capsys.readouterr()
    monkeypatch.setenv("AVRCASE_PASSWORD", "second office key for staff")
    assert main(["demo", "--db", str(path), "--cases", "5", "--user", "ruta"]) == 1
    err = capsys.readouterr().err
    assert err == ("avrcase: Only an administrator of a demo store may load demo data; your role "
                                    "(Counsellor) may not.\n")


def test_case_list_search_finds_any_spelling_or_script_exact_first(capsys, db_path, make_case):
    variant = make_case(principal=make_person(family_name="Zaharov", given_names="Iurii", family_name_original="",
                                              given_names_original="", document_number="Z1")).case_number
    exact = make_case(principal=make_person(family_name="ZAKHAROV", given_names="Iurii", family_name_original="",
                                            given_names_original="", document_number="Z2")).case_number
    make_case(principal=make_person(family_name="SÜLEYMANOV", given_names="Rashad", family_name_original="",
                                    given_names_original="", document_number="S1"))
    code, out, err = run(capsys, "case", "list", "--db", str(db_path), "--search", "zakharov", "--format", "csv")
    assert code == 0, err
    assert [r["case_number"] for r in csv.DictReader(io.StringIO(out))] == [exact, variant]
    code, out, _ = run(capsys, "case", "list", "--db", str(db_path), "--search", "Захаров Юрий", "--format", "csv")
    assert {r["case_number"] for r in csv.DictReader(io.StringIO(out))} == {exact, variant}
    code, out, _ = run(capsys, "case", "list", "--db", str(db_path), "--search", "Сулейманов", "--format", "csv")
    assert [r["principal_name"] for r in csv.DictReader(io.StringIO(out))] == ["SÜLEYMANOV Rashad"]


@pytest.mark.parametrize("url", ["postgresql://u:secret@[::1", "postgresql://u:secret@127.0.0.1:abc/db",
                                 "postgresql://u:secret@127.0.0.1:1/avrcase"])
def test_a_store_url_that_is_malformed_or_unreachable_is_one_line_without_its_password(capsys, url):
    """A port of letters was an "internal error"; a refused connection printed the driver's second line too."""
    code, out, err = run(capsys, "case", "list", "--db", url, "--user", "ruta")
    assert code == 1 and out == "" and err.count("\n") == 1 and err.startswith("avrcase: "), err
    assert "internal error" not in err and "secret" not in err


def test_an_internal_error_does_not_print_the_stored_text_the_driver_quotes(capsys, monkeypatch):
    """A damaged name made every listing fail with "…column 'given_names' with text 'Aliaks…'": part of a person's
    name on the terminal and in a script's log."""
    import sqlite3

    import avrcase.cli.main as cli_main

    def fail(*_args):
        raise sqlite3.OperationalError("Could not decode to UTF-8 column 'given_names' with text 'Aliaksandra\ufffd'")

    monkeypatch.setattr(cli_main, "start_run", fail)
    code = cli_main.main(["case", "list", "--db", "x.sqlite"])
    err = capsys.readouterr().err
    assert code == 1 and "Aliaks" not in err
    assert err == ("avrcase: internal error (OperationalError: Could not decode to UTF-8 column 'given_names'); "
                   "set AVRCASE_DEBUG=1 for details\n")


def test_case_list_table_keeps_its_columns_under_names_with_combining_marks(capsys, db_path, make_case):
    """"ỌLÁOLÚWA Ẹ̀bùn" (Ẹ̀ is a letter and a tone mark) was padded by characters, not columns: its row's
    citizenship stood one column left of every other row's."""
    make_case(principal=make_person(family_name="Ọláolúwa", given_names="Ẹ̀bùn", citizenship="NG"))
    make_case(principal=make_person(family_name="Beridze", given_names="Nino Ana", citizenship="GE"))
    code, out, err = run(capsys, "case", "list", "--db", str(db_path))
    assert (code, err) == (0, "")
    header, _rule, *rows = out.splitlines()[:4]

    def column(line, what):
        """The terminal column ``what`` starts at: marks take none."""
        return sum(1 for c in line[:line.index(what)] if not unicodedata.combining(c))

    ebun = next(row for row in rows if "bùn" in row)
    nino = next(row for row in rows if "Nino" in row)
    assert column(ebun, "  NG ") == column(nino, "  GE ") == column(header, "  citizenship")


def test_a_case_listing_is_on_the_audit_trail_without_a_name(capsys, monkeypatch, db_path, make_case, actor_as):
    """``case list`` printed names, birth dates and citizenships with nothing on the audit trail, while every export
    from the app is on it; a reader that stops early (``| head``) still leaves the entry."""
    from avrcase.domain.codes import StaffRole

    make_case(principal=make_person(family_name="Shevchenko", given_names="Olena", citizenship="UA", document_number="U"))
    make_case()
    code, out, _ = run(capsys, "case", "list", "--db", str(db_path), "--search", "shevchenko", "--status", "registered",
                       "--limit", "0", "--format", "csv")
    assert code == 0 and "SHEVCHENKO" in out

    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    with monkeypatch.context() as patched:
        patched.setattr(sys, "stdout", Closed())
        assert main(["case", "list", "--db", str(db_path)]) == 0
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.MANAGER).username)
    code, out, err = run(capsys, "audit", "list", "--action", "export", "--db", str(db_path))
    assert code == 0, err
    assert [line.split("\t", 3)[3] for line in out.splitlines()] == [
        "export\tcase_list\t\tformat: csv; limit: 0; rows: 1; searched: True; status: registered",
        "export\tcase_list\t\tformat: table; limit: 100; rows: 2; searched: False; status: —"]
    assert "hevchenko" not in out.lower()


def test_case_show_says_what_a_finance_officer_may_not_read(capsys, monkeypatch, engine, db_path, make_case, actor,
                                                           actor_as):
    """A finance officer read the vulnerabilities with no word that their details were withheld, and consultations
    as if they held no notes; the text now says "hidden for your role" as the case file window does."""
    from avrcase.domain.codes import ConsultationMode, StaffRole
    from avrcase.domain.forms import ConsultationForm
    from avrcase.services.cases import counselling
    from avrcase.services.uow import unit_of_work
    from tests.support.clock import FIXED_NOW

    case = make_case(vulnerabilities=(VulnerabilityForm(Vulnerability.MEDICAL_CONDITION, "needs dialysis twice a week"),))
    with unit_of_work(engine) as session:
        counselling.record_consultation(session, actor, case.id, ConsultationForm(
            held_at=FIXED_NOW, mode=ConsultationMode.IN_PERSON, notes="spoke about the clinic at home"))
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.FINANCE_OFFICER).username)
    code, out, err = run(capsys, "case", "show", case.case_number, "--db", str(db_path))
    assert code == 0, err
    assert "dialysis" not in out and "clinic" not in out
    assert "  Serious medical condition: hidden for your role" in out and "    Notes: hidden for your role" in out
    code, out, err = run(capsys, "case", "show", case.case_number, "--db", str(db_path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and "dialysis" not in out and "clinic" not in out
    assert data["vulnerabilities"][0]["details"] is None and data["consultations"][0]["notes"] is None
