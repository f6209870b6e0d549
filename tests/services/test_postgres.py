"""The same services on PostgreSQL, for offices that share one store: migrations, search, versions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import inspect

from avrcase.domain.codes import ConsultationMode, StaffRole
from avrcase.domain.errors import ConflictError, ValidationError
from avrcase.domain.stages import Stage, StageMove
from avrcase.services import cases, counselling, users
from avrcase.services.dto import CaseQuery, ConsultationForm
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import current_revision, head_revision, open_store
from tests.conftest import make_case_form, make_person
from tests.support.clock import FIXED_NOW


@pytest.fixture
def pg_actor(pg_engine):
    with unit_of_work(pg_engine) as session:
        row = users.add_user(session, None, "ruta", "Rūta Counsellor", StaffRole.COUNSELLOR)
        return users.actor_by_id(session, row.id)


def _register(engine, actor, **kwargs):
    with unit_of_work(engine) as session:
        return cases.register_case(session, actor, make_case_form(**kwargs))


def test_migrations_reach_head_and_reopening_changes_nothing(pg_engine):
    assert current_revision(pg_engine) == head_revision()
    tables = set(inspect(pg_engine).get_table_names())
    assert {"cases", "persons", "case_members", "consultations"} <= tables
    reopened = open_store(pg_engine.url.render_as_string(hide_password=False))
    assert current_revision(reopened) == head_revision()
    reopened.dispose()


def test_register_search_and_number_household_cases(pg_engine, pg_actor):
    first = _register(pg_engine, pg_actor, members=2)
    second = _register(pg_engine, pg_actor, principal=make_person(
        family_name="Ivanova", given_names="Olena", family_name_original="Іванова", given_names_original="Олена",
        citizenship="UA", document_number="FX123456"))
    assert first.case_number != second.case_number
    assert [m.relationship for m in first.members] == ["principal", "child", "child"]
    with unit_of_work(pg_engine, write=False) as session:
        by_script = cases.list_cases(session, pg_actor, CaseQuery(search="Іванова"))
        by_folded = cases.list_cases(session, pg_actor, CaseQuery(search="ivanova olena"))
        by_document = cases.list_cases(session, pg_actor, CaseQuery(search="fx 123456"))
        assert cases.count_cases(session, pg_actor, CaseQuery()) == 2
    assert [r.case_number for r in by_script] == [second.case_number]
    assert [r.case_number for r in by_folded] == [second.case_number]
    assert [r.case_number for r in by_document] == [second.case_number]


def test_stale_edit_is_a_conflict_on_postgres(pg_engine, pg_actor):
    case = _register(pg_engine, pg_actor)
    form = make_case_form(final_destination="Batumi")
    with unit_of_work(pg_engine) as session:
        cases.update_case(session, pg_actor, case.id, case.version, form)
    with pytest.raises(ConflictError), unit_of_work(pg_engine) as session:
        cases.update_case(session, pg_actor, case.id, case.version, dataclasses.replace(form, final_destination="Gori"))
    with unit_of_work(pg_engine, write=False) as session:
        assert cases.get_case(session, pg_actor, case.id).final_destination == "Batumi"


def test_consultation_and_stage_moves_on_postgres(pg_engine, pg_actor):
    case = _register(pg_engine, pg_actor)
    held = FIXED_NOW - dt.timedelta(hours=1)
    with unit_of_work(pg_engine) as session:
        counselling.record_consultation(session, pg_actor, case.id, ConsultationForm(
            held_at=held, mode=ConsultationMode.IN_PERSON, notes="Explained the AVR programme."))
    with unit_of_work(pg_engine) as session:
        version = cases.get_case(session, pg_actor, case.id).version
        signed = cases.change_stage(session, pg_actor, case.id, version,
                                    StageMove(Stage.APPLICATION_SIGNED, "Signed today"))
    with pytest.raises(ValidationError), unit_of_work(pg_engine) as session:
        cases.change_stage(session, pg_actor, case.id, signed.version, StageMove(Stage.DEPARTED, "Too early"))
    with unit_of_work(pg_engine, write=False) as session:
        detail = cases.get_case(session, pg_actor, case.id)
    assert detail.stage is Stage.APPLICATION_SIGNED
    assert [h.to_stage for h in detail.stage_history][-1] is Stage.APPLICATION_SIGNED
    assert len(detail.consultations) == 1
