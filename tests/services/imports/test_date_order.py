"""Slash dates that read both ways (03/04/1980): read in the column's order only when its own dates settle it
beyond doubt, otherwise reported on their rows with both readings, never guessed."""

import datetime as dt

import pytest

from avrcase.services.imports import run, values
from avrcase.services.uow import unit_of_work

TODAY = dt.date(2026, 12, 4)
HEADER = "case_key,family_name,given_names,sex,Born,citizenship,registered_on\n"
NAMES = ["Beridze", "Ivanova", "Karimov", "Tsiklauri", "Petrova", "Nazarov", "Gelashvili"]


def _plan(engine, actor, tmp_path, born):
    path = tmp_path / "bylos.csv"
    path.write_text(HEADER + "".join(f"K{n},{NAMES[n]},Ana,F,{date},GE,2026-11-02\n" for n, date in enumerate(born)),
                    encoding="utf-8")
    with unit_of_work(engine, write=False) as session:
        return run.dry_run(session, actor, path, today=TODAY)


def _born(plan):
    return {c.source_key: c.form.principal.date_of_birth for c in plan.cases}


def _problems(plan):
    return {p.row: p for p in plan.problems}


def test_one_month_first_typo_does_not_flip_the_rest_of_a_day_first_column(engine, actor, tmp_path):
    """The tester's sheet: "4 cases ready, 0 rows with problems", stored 1980-03-04, 1975-07-08, 1990-11-12."""
    plan = _plan(engine, actor, tmp_path, ["03/04/1980", "07/08/1975", "11/12/1990", "05/13/1988"])
    assert _born(plan) == {"K3": dt.date(1988, 5, 13)}  # the only way it can be read
    problems = _problems(plan)
    assert sorted(problems) == [2, 3, 4]
    first = problems[2]
    assert (first.column, first.value) == ("Born", "03/04/1980")
    assert "“Born”" in first.message and "April 3, 1980" in first.message and "March 4, 1980" in first.message
    assert "1980-04-03" in first.message and "1980-03-04" in first.message and "too few" in first.message


def test_the_same_sheet_with_the_typo_fixed_is_not_settled_by_one_row_either(engine, actor, tmp_path):
    plan = _plan(engine, actor, tmp_path, ["03/04/1980", "07/08/1975", "11/12/1990", "13/05/1988"])
    assert _born(plan) == {"K3": dt.date(1988, 5, 13)}
    assert sorted(_problems(plan)) == [2, 3, 4]


def test_one_us_date_among_iso_dates_does_not_make_01_02_january(engine, actor, tmp_path):
    plan = _plan(engine, actor, tmp_path, ["1980-04-03", "01/02/2020", "12/13/1990", "1975-08-07"])
    assert _born(plan) == {"K0": dt.date(1980, 4, 3), "K2": dt.date(1990, 12, 13), "K3": dt.date(1975, 8, 7)}
    assert sorted(_problems(plan)) == [3] and "2020-02-01 or 2020-01-02" in _problems(plan)[3].message


def test_dates_written_both_ways_name_one_of_each(engine, actor, tmp_path):
    plan = _plan(engine, actor, tmp_path, ["13/05/1988", "20/01/1975", "25/12/1990", "05/14/1979", "03/04/1980"])
    message = _problems(plan)[6].message
    assert "day first (13/05/1988)" in message and "month first (05/14/1979)" in message
    assert sorted(_problems(plan)) == [6]


def test_a_settled_day_first_column_reads_both_ways_dates_day_first(engine, actor, tmp_path):
    plan = _plan(engine, actor, tmp_path, ["13/05/1988", "20/01/1975", "25/12/1990", "03/04/1980", "05/05/1979"])
    assert not plan.problems
    assert _born(plan)["K3"] == dt.date(1980, 4, 3) and _born(plan)["K4"] == dt.date(1979, 5, 5)


def test_a_settled_month_first_column_reads_both_ways_dates_month_first(engine, actor, tmp_path):
    plan = _plan(engine, actor, tmp_path, ["05/13/1988", "01/20/1975", "12/25/1990", "03/04/1980", "7/8/75"])
    assert not plan.problems
    assert _born(plan)["K3"] == dt.date(1980, 3, 4) and _born(plan)["K4"] == dt.date(1975, 7, 8)


def test_dashed_dates_follow_the_column_like_slashed_ones(engine, actor, tmp_path):
    """Before: 03-04-1980 was read as 3 April whatever the column showed, and 12-25-1980 was "not a date"."""
    plan = _plan(engine, actor, tmp_path, ["03-04-1980", "25-12-1990"])
    assert _born(plan) == {"K1": dt.date(1990, 12, 25)} and sorted(_problems(plan)) == [2]
    assert "1980-04-03 or 1980-03-04" in _problems(plan)[2].message


def test_a_dotted_date_is_in_doubt_only_where_the_column_writes_dots_month_first(engine, actor, tmp_path):
    """Dots are how day-first countries write dates: 03.04.1980 is 3 April, unless the column shows 12.25.1980."""
    plan = _plan(engine, actor, tmp_path, ["12.25.1980", "03.04.1980"])
    assert _born(plan) == {"K0": dt.date(1980, 12, 25)} and sorted(_problems(plan)) == [3]
    assert "month first (12.25.1980)" not in _problems(plan)[3].message and "too few" in _problems(plan)[3].message


def test_dotted_and_iso_dates_are_not_in_doubt(engine, actor, tmp_path):
    plan = _plan(engine, actor, tmp_path, ["03.04.1980", "1975-08-07", "01/01/1990"])
    assert not plan.problems
    assert _born(plan) == {"K0": dt.date(1980, 4, 3), "K1": dt.date(1975, 8, 7), "K2": dt.date(1990, 1, 1)}


@pytest.mark.parametrize(("cells", "month_first"), [
    (["13/05/1988", "20/01/1975", "25/12/1990"], False), (["05/13/1988", "01/20/1975", "12/25/1990"], True),
    (["13/05/1988", "20/01/1975"], None), (["13/05/1988", "20/01/1975", "25/12/1990", "05/13/1988"], None),
    (["03/04/1980", None, dt.date(1990, 5, 20), "45/05/1980", "1990-12-13"], None)])
def test_date_order_needs_three_rows_and_none_against(cells, month_first):
    assert values.date_order("Born", cells).month_first is month_first


def _plan_with_consultations(engine, actor, tmp_path, held):
    from openpyxl import Workbook

    book = Workbook()
    cases = book.active
    cases.title = "Cases"
    cases.append(["case_key", "family_name", "given_names", "sex", "date_of_birth", "citizenship", "registered_on"])
    cases.append(["K1", "Beridze", "Nino", "F", "1988-05-17", "GE", "2024-01-10"])
    sheet = book.create_sheet("Consultations")
    sheet.append(["case_key", "Consultation date", "mode", "notes"])
    for cell in held:
        sheet.append(["K1", cell, "in_person", "Talked about the return."])
    path = tmp_path / "with-consultations.xlsx"
    book.save(path)
    with unit_of_work(engine, write=False) as session:
        return run.dry_run(session, actor, path, today=TODAY)


def test_a_consultation_date_that_reads_both_ways_is_not_guessed(engine, actor, tmp_path):
    """A US sheet's consultations: 05/13/2025 was read as May 13 and 03/04/2025 silently as 3 April."""
    plan = _plan_with_consultations(engine, actor, tmp_path, ["05/13/2025 10:00", "03/04/2025 14:30", "2025-06-01"])
    held = sorted(c.held_at for c in plan.cases[0].consultations)
    assert held == [dt.datetime(2025, 5, 13, 7, tzinfo=dt.timezone.utc),  # 10:00 in Vilnius (summer time)
                    dt.datetime(2025, 6, 1, 9, tzinfo=dt.timezone.utc)]  # a day alone: at noon
    problem = next(p for p in plan.problems if p.sheet == "Consultations")
    assert (problem.row, problem.column, problem.value) == (3, "Consultation date", "03/04/2025 14:30")
    assert "2025-04-03 or 2025-03-04" in problem.message and "too few" in problem.message


def test_a_settled_month_first_consultations_column_reads_both_ways_dates_month_first(engine, actor, tmp_path):
    plan = _plan_with_consultations(engine, actor, tmp_path, ["05/13/2025 10:00", "01/20/2025", "12/25/2024 9:15",
                                                             "03/04/2025 14:30"])
    assert not plan.problems
    assert dt.datetime(2025, 3, 4, 12, 30, tzinfo=dt.timezone.utc) in [c.held_at for c in plan.cases[0].consultations]
