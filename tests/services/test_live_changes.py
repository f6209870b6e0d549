"""Live refresh across computers: a commit on the office server is announced with its kind and ids."""

from __future__ import annotations

import queue
import time

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.services import live_changes
from avrcase.services.accounts import users
from avrcase.services.cases import register as cases
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from tests.conftest import make_case_form


@pytest.fixture
def heard(pg_engine):
    notes: queue.Queue = queue.Queue()
    listener = live_changes.ChangeListener(pg_engine.url.render_as_string(hide_password=False),
                                           lambda kind, ids: notes.put((kind, ids)), own_too=True).start()
    assert listener.listening.wait(10)
    yield notes
    listener.stop()


def test_a_committed_change_is_heard_within_two_seconds_with_its_kind_and_ids(pg_engine, heard):
    with unit_of_work(pg_engine) as session:
        ruta = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "R", StaffRole.COUNSELLOR).id)
    assert heard.get(timeout=2)[0] == live_changes.USERS
    began = time.monotonic()
    with unit_of_work(pg_engine, actor=ruta) as session:
        case_id = cases.register_case(session, ruta, make_case_form()).id
    kind, ids = heard.get(timeout=2)
    assert time.monotonic() - began < 2
    assert (kind, ids) == (live_changes.CASES, [case_id]) or (kind == live_changes.CASES and ids == [])


def test_a_rolled_back_change_and_a_look_up_announce_nothing(pg_engine, heard):
    with unit_of_work(pg_engine) as session:
        ruta = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "R", StaffRole.COUNSELLOR).id)
    heard.get(timeout=2)
    with pytest.raises(RuntimeError):
        with unit_of_work(pg_engine, actor=ruta) as session:
            cases.register_case(session, ruta, make_case_form())
            raise RuntimeError("the person cancelled")
    with unit_of_work(pg_engine, write=False, actor=ruta) as session:
        users.list_users(session, ruta)
    with pytest.raises(queue.Empty):
        heard.get(timeout=1)


def test_a_note_that_is_not_ours_is_ignored():
    assert live_changes.decode("hello") is None
    assert live_changes.decode('{"kind": "case", "ids": [1, 2], "origin": "x"}') == ("case", [1, 2], "x")
