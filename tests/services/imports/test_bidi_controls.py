"""An imported note or address holding a direction override is a problem on its row, not a case that reads
reversed on screen; the same sheet on the command line says so in one line per row."""

import datetime as dt

from avrcase.services.imports import run
from avrcase.services.uow import unit_of_work

TODAY = dt.date(2026, 12, 4)
HEADER = "case_key,family_name,given_names,sex,born,citizenship,registered_on,address,notes\n"


def _sheet(tmp_path):
    path = tmp_path / "bylos.csv"
    path.write_text(HEADER
                    + "KA,Beridze,Nino,F,1980-04-03,GE,2026-11-02,\u202eanlinV,called\n"
                    + "KB,Ivanova,Ana,F,1981-04-03,GE,2026-11-02,Vilnius,\u200fتهران\u200f\n",
                    encoding="utf-8")
    return path


def test_an_override_in_an_imported_address_is_a_problem_on_its_row(engine, actor, tmp_path):
    with unit_of_work(engine, write=False) as session:
        plan = run.dry_run(session, actor, _sheet(tmp_path), today=TODAY)
    assert [c.source_key for c in plan.cases] == ["KB"]  # the right-to-left marks of a Persian note are kept
    (problem,) = plan.problems
    assert problem.row == 2 and "invisible direction controls" in problem.message


def test_the_command_line_import_names_the_row_and_imports_the_rest(db_path, capsys, monkeypatch, tmp_path):
    from tests.cli.test_cli_accounts import run as cli
    from tests.cli.test_cli_imports import _store

    _store(capsys, monkeypatch, db_path)
    code, out, err = cli(capsys, "import", "cases", str(_sheet(tmp_path)), "--db", str(db_path), "--user", "ruta")
    assert code == 1 and "1 case imported" in out.replace("cases", "case")
    assert "row 2" in err and "invisible direction controls" in err
