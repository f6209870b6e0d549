"""An imported name starting or ending with stray punctuation is a problem on its row; a byte-order mark or a
direction mark at a name's end (a sheet saved by another program) is dropped and the row imported."""

import datetime as dt

from avrcase.services.cases import case_file
from avrcase.services.imports import run
from avrcase.services.uow import unit_of_work

TODAY = dt.date(2026, 12, 4)
NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.timezone.utc)
HEADER = "case_key,family_name,given_names,sex,born,citizenship,registered_on\n"


def test_stray_punctuation_is_a_problem_of_its_row_and_paste_debris_is_dropped(engine, actor, tmp_path):
    path = tmp_path / "bylos.csv"
    path.write_text(HEADER + "KA,-Beridze,Nino,F,1980-04-03,GE,2026-11-02\n"
                    + "KB,Ivanova,\ufeffAna\u200e,F,1981-04-03,GE,2026-11-02\n"
                    + "KC,Kapanadze,@Luka,M,1982-04-03,GE,2026-11-02\n", encoding="utf-8")
    with unit_of_work(engine, write=False) as session:
        plan = run.dry_run(session, actor, path, today=TODAY)
    assert [c.source_key for c in plan.cases] == ["KB"]
    assert [(p.row, p.message.split(".")[0]) for p in plan.problems] == [
        (2, "A name cannot start with “-”"), (4, "A name cannot start with “@”")]
    with unit_of_work(engine) as session:
        [number] = run.import_cases(session, actor, plan, today=TODAY, now=NOW).case_numbers
    with unit_of_work(engine, write=False) as session:
        case = case_file.get_case(session, actor, case_file.find_case_id(session, number))
    assert (case.principal.family_name, case.principal.given_names) == ("Ivanova", "Ana")
