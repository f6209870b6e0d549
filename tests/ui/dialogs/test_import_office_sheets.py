"""The import window on a sheet as offices keep it: names in their own script, months as words, a birth year
alone, three-letter country codes, dashed dates; what it lists to check, and the store after the import."""

from __future__ import annotations

from tests.services.imports.office_sheets import (
    EXPECTED,
    MONTH_FIRST_BORN,
    MONTH_FIRST_ROWS,
    REFUSED,
    stored_people,
    write_office_sheet,
)
from tests.ui.dialogs.test_import_dialog import window  # noqa: F401  (fixture)


def _check(dialog, qtbot):
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)


def _shown(dialog):
    return [[dialog.problems.item(row, column).text() for column in range(dialog.problems.columnCount())]
            for row in range(dialog.problems.rowCount())]


def test_the_window_imports_an_office_sheet_as_written(window, qtbot, engine, tmp_path):  # noqa: F811
    window.import_action.trigger()
    dialog = window.import_dialog
    dialog.resize(1100, 760)
    assert dialog.load_file(write_office_sheet(tmp_path / "bylos.xlsx"))
    _check(dialog, qtbot)
    summary = dialog.summary.text()
    assert "6 cases ready to import, 3 rows with problems" in summary
    assert "7 values were read but should be checked" in summary
    shown = _shown(dialog)
    problems = [row for row in shown if not row[4].startswith("To check: ")]
    assert {int(row[1]) for row in problems} == set(REFUSED)
    assert {(int(row[1]), row[2]) for row in problems} >= set(REFUSED.items())
    notes = {(int(row[1]), row[2]): row[4] for row in shown if row[4].startswith("To check: ")}
    assert notes[(3, "given_names")] == (
        "To check: “გიორგი” is not in Latin letters: it is kept as the name in the original script, and the Latin "
        "spelling “Giorgi” was made by romanisation. Check it against the passport.")
    assert notes[(4, "date_of_birth")] == (
        "To check: Only the year of birth is given: read as 1 January 1980 and marked as estimated.")
    dialog.grab().save(str(tmp_path / "import-office-sheet.png"))
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        dialog.import_button.click()
    assert len(blocker.args[0]) == 6
    assert stored_people(engine) == EXPECTED


def test_the_window_reads_a_month_first_dashed_column_month_first(window, qtbot, engine, tmp_path):  # noqa: F811
    window.import_action.trigger()
    dialog = window.import_dialog
    assert dialog.load_file(write_office_sheet(tmp_path / "us.xlsx", MONTH_FIRST_ROWS))
    _check(dialog, qtbot)
    assert "4 cases ready to import, 0 rows with problems" in dialog.summary.text()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    assert {row[0]: row[4] for row in stored_people(engine)} == MONTH_FIRST_BORN
