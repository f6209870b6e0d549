"""Values written into a case's rows with other tools that avrcase never writes (session 30's attack): the services
that read many cases at once go on for the others, the case file names the damage, and the store-wide scan is
``db check``'s (administrators and the system actor only)."""

from __future__ import annotations

import sqlite3

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import DamagedRecordError, PermissionDeniedError
from avrcase.domain.stages import Stage, UnknownStage
from avrcase.services.cases import case_file, stored_values
from avrcase.services.cases import register as cases
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person


def _set(db_path, sql: str, *params) -> None:
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(sql, params)
    connection.close()


def test_a_stage_written_by_hand_does_not_stop_the_duplicate_check_of_a_new_registration(db_path, engine, actor,
                                                                                          make_case):
    """The duplicate check of a new case raised ValueError ('bogus' is not a valid Stage) when the person was
    already in a case whose stage had been set by hand: nobody could register that person."""
    damaged = make_case()
    _set(db_path, "UPDATE cases SET stage = 'bogus' WHERE id = ?", damaged.id)
    with unit_of_work(engine, write=False) as session:
        found = cases.find_duplicates(session, actor, [make_person()])
    assert [(c.case_number, c.stage) for c in found] == [(damaged.case_number, UnknownStage("bogus"))]
    assert found[0].stage.label == "(damaged: unknown stage “bogus”)"
    registered = make_case()  # the same person registered again, as the counsellor would after the warning
    assert registered.stage is Stage.REGISTERED


def test_the_case_file_names_the_damaged_field_and_writes_no_opening(db_path, engine, actor, make_case):
    damaged = make_case()
    _set(db_path, "UPDATE persons SET sex = 'Q' WHERE id = ?", damaged.principal.id)
    with unit_of_work(engine, write=False) as session:
        opened_before = session.connection().exec_driver_sql(
            "SELECT count(*) FROM audit_entries WHERE action = 'case_opened'").scalar()
    with pytest.raises(DamagedRecordError, match=r"persons\.sex holds a value avrcase never writes"):
        with unit_of_work(engine, actor=actor) as session:
            case_file.get_case(session, actor, damaged.id)
    with unit_of_work(engine, write=False) as session:
        assert session.connection().exec_driver_sql(
            "SELECT count(*) FROM audit_entries WHERE action = 'case_opened'").scalar() == opened_before


def test_the_store_wide_scan_is_for_administrators_and_the_system_actor(db_path, engine, actor_as, make_case):
    sound, damaged = make_case(), make_case()
    _set(db_path, "UPDATE cases SET registered_on = '2026-02-30x' WHERE id = ?", damaged.id)
    with unit_of_work(engine, write=False) as session:
        for who in (SYSTEM, actor_as(StaffRole.ADMINISTRATOR)):
            assert stored_values.odd_values(session, who) == [
                stored_values.OddValue(damaged.case_number, "cases.registered_on")]
        for role in (StaffRole.COUNSELLOR, StaffRole.MANAGER):
            with pytest.raises(PermissionDeniedError):
                stored_values.odd_values(session, actor_as(role))
        with pytest.raises(PermissionDeniedError):
            stored_values.odd_values(session, None)
    assert sound.case_number != damaged.case_number
