"""An anonymised file of a period released again after a few of its returnees changed (a departure recorded late):
the register keeps the groups each file showed (0026), and the new file is compared with them, not with the earlier
file as today's records would write it. The same period again with nothing changed is still released."""

from __future__ import annotations

import json

import pytest

from avrcase.domain.errors import ValidationError
from avrcase.services.statistics import anonymised_export
from avrcase.services.uow import unit_of_work
from tests.services.statistics.test_release_figures_kept import YEAR, manager, record_late, rows  # noqa: F401


def export(engine, manager, k=5):
    with unit_of_work(engine) as session:
        return anonymised_export.export_anonymised(session, manager, *YEAR, k)


def test_the_same_anonymised_file_again_is_refused_once_a_few_of_its_returnees_changed(engine, manager):
    first = export(engine, manager)
    assert len(export(engine, manager).rows) == len(first.rows)  # the same period again, nothing changed
    [row, _again] = [r for r in rows(engine) if r.kind == "microdata"]
    shown = json.loads(row.figures)
    assert sum(group[-1] for group in shown["groups"]) == len(first.rows)  # counts of groups of codes only
    assert all(type(group[-1]) is int and all(type(code) is str for code in group[:-1]) for group in shown["groups"])
    record_late(engine)
    with pytest.raises(ValidationError) as caught:
        export(engine, manager)
    assert "2025-01-01 to 2025-12-31 was released before" in str(caught.value)
    assert len([r for r in rows(engine) if r.kind == "microdata"]) == 2  # nothing more registered
