"""An ``export all`` made before 2026-12-07 (format 1) wrote consultation times without an offset, meaning UTC; it
imports back to the same instants, while a time without an offset in an office's own sheet is its wall time."""

import datetime as dt
import json
import shutil

from openpyxl import Workbook

from avrcase.services.imports.export_origin import EXPORT_VERSION, export_version
from tests.services.imports.office_sheets import dry_run

CASE = ["case_key", "family_name", "given_names", "sex", "date_of_birth", "citizenship", "registered_on"]
CONSULTATION = ["case_key", "held_at", "mode", "notes"]


def _old_export(folder, version=1):
    """The folder as an export of format ``version`` left it: schema.json and cases.xlsx with naive UTC times."""
    folder.mkdir()
    (folder / "schema.json").write_text(json.dumps({"format": "avrcase-export", "version": version,
                                                    "app_version": "0.9.0", "tables": []}))
    book = Workbook()
    book.active.title = "Cases"
    book.active.append(CASE)
    book.active.append(["VLN-2026-0001", "Beridze", "Nino", "F", "1984-03-12", "GE", "2026-06-02"])
    sheet = book.create_sheet("Consultations")
    sheet.append(CONSULTATION)
    sheet.append(["VLN-2026-0001", "2026-12-04 09:30:00", "phone", "written by avrcase in UTC"])
    sheet.append(["VLN-2026-0001", "2026-07-03 06:30:00", "in_person", "summer"])
    book.save(folder / "cases.xlsx")
    return folder / "cases.xlsx"


def _held(engine, actor, path):
    plan = dry_run(engine, actor, path)
    assert plan.problems == ()
    return sorted(c.held_at for c in plan.cases[0].consultations)


def test_an_old_exports_times_without_an_offset_are_utc(engine, actor, tmp_path):
    """They came back 2 hours (3 in summer) early: 09:30 UTC read as 09:30 in Vilnius, 07:30 UTC."""
    path = _old_export(tmp_path / "export-november")
    assert _held(engine, actor, path) == [dt.datetime(2026, 7, 3, 6, 30, tzinfo=dt.timezone.utc),
                                          dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.timezone.utc)]


def test_the_same_sheet_outside_an_export_or_in_a_new_one_is_the_office_wall_time(engine, actor, tmp_path):
    path = _old_export(tmp_path / "export-november")
    alone = tmp_path / "registras.xlsx"
    shutil.copy(path, alone)
    vilnius = [dt.datetime(2026, 7, 3, 3, 30, tzinfo=dt.timezone.utc), dt.datetime(2026, 12, 4, 7, 30, tzinfo=dt.timezone.utc)]
    assert _held(engine, actor, alone) == vilnius
    assert _held(engine, actor, _old_export(tmp_path / "export-new", version=EXPORT_VERSION)) == vilnius
    (tmp_path / "export-november" / "schema.json").write_text("{not json")
    assert export_version(path) is None and _held(engine, actor, path) == vilnius
