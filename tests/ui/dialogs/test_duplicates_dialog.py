"""The duplicates dialog counts cases, says why each person matched and what its buttons do for a household."""

from __future__ import annotations

import datetime as dt

from avrcase.domain.stages import Stage
from avrcase.services.dto import DuplicateCandidate
from avrcase.ui.dialogs.duplicates_dialog import COL_CASE, COL_NEW_PERSON, COL_REASON, DuplicatesDialog


def _candidate(person: str, new: str, reasons: tuple[str, ...], case_id: int = 7) -> DuplicateCandidate:
    return DuplicateCandidate(case_id, f"VNO-2026-0000{case_id}", Stage.REGISTERED, person, dt.date(1980, 4, 9), "",
                              "; ".join(reasons), new, 0.9, reasons)


def test_three_people_of_one_case_are_one_existing_case(qtbot):
    dialog = DuplicatesDialog([
        _candidate("KARIMI Yusuf", "کریمی یوسف", ("name “کریمی یوسف” written as “Karimi Yusuf”",
                                                  "date of birth with day and month swapped")),
        _candidate("KARIMI Zahra", "KARIMI Zahra", ("same name “Karimi Zahra”", "born the same year (one date is estimated)")),
        _candidate("KARIMI Nuruddin", "KARIMI Nur ad-Din", ("name “Karimi Nur ad-Din” written as “Karimi Nuruddin”",
                                                           "born one day apart")),
    ], people=3)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.intro.text().startswith("1 existing case may already hold people of this household")
    assert dialog.model.texts(0)[COL_CASE] == "VNO-2026-00007"
    assert dialog.model.texts(1)[COL_CASE] == "VNO-2026-00007"  # the same case, counted once
    assert dialog.model.texts(0)[COL_REASON] == (
        "Name “کریمی یوسف” written as “Karimi Yusuf”\nDate of birth with day and month swapped")
    assert dialog.model.texts(2)[COL_NEW_PERSON] == "KARIMI Nur ad-Din"
    assert not dialog.table.isColumnHidden(COL_NEW_PERSON)
    assert dialog.save_button.text() == "None of them is in these cases — &register the household"
    assert dialog.open_button.text() == "&Open the selected case instead (nothing is saved)"
    dialog.table.selectRow(1)
    assert dialog.selected_case_id() == 7


def test_one_person_two_cases(qtbot):
    dialog = DuplicatesDialog([
        _candidate("ZAKHAROV Iurii", "ZAHAROV Yuriy", ("name “Zaharov Yuriy” written as “Zakharov Iurii”",
                                                       "born the same day"), case_id=1),
        _candidate("ZAKHAROV Iurii", "ZAHAROV Yuriy", ("same document number EK1234567",), case_id=2),
    ])
    qtbot.addWidget(dialog)
    assert dialog.intro.text().startswith("2 existing cases may already hold this person")
    assert dialog.table.isColumnHidden(COL_NEW_PERSON)
    assert dialog.save_button.text() == "Not the same person — &register the new case"
    assert dialog.model.texts(1)[COL_CASE] == "VNO-2026-00002"
