"""Consultations, follow-ups and the follow-ups-due list."""

import datetime as dt

import pytest

from avrcase.domain.codes import ConsultationMode, ConsultationOutcome, ConsultationTopic, StaffRole
from avrcase.domain.errors import ValidationError
from avrcase.domain.forms import ConsultationForm, FollowUpForm
from avrcase.domain.stages import Stage
from avrcase.services import cases, counselling, users
from avrcase.services.uow import unit_of_work
from tests.support.clock import FIXED_NOW, FIXED_TODAY

NOW = FIXED_NOW
TODAY = FIXED_TODAY


def consult(**overrides):
    values = dict(held_at=NOW - dt.timedelta(days=5), mode=ConsultationMode.IN_PERSON, location="Pabradė",
                  interpreter_name="I. Interpreter", interpreter_language="ka",
                  topics=(ConsultationTopic.AVR_INFORMATION, ConsultationTopic.DOCUMENTS),
                  notes="Explained the programme.", outcome=ConsultationOutcome.CONSIDERING,
                  follow_ups=(FollowUpForm("Ask embassy for travel certificate", TODAY + dt.timedelta(days=3)),
                              FollowUpForm("Call back", TODAY - dt.timedelta(days=1))))
    values.update(overrides)
    return ConsultationForm(**values)


def test_first_consultation_moves_case_to_counselling_and_is_in_the_file(engine, actor, make_case):
    detail = make_case(registered_on=TODAY - dt.timedelta(days=10))
    with unit_of_work(engine) as session:
        logged = counselling.record_consultation(session, actor, detail.id, consult())
    assert logged.topics == ("avr_information", "documents")
    with unit_of_work(engine, write=False) as session:
        after = cases.get_case(session, actor, detail.id)
    assert after.stage == Stage.COUNSELLING
    assert after.stage_history[-1].reason == "First consultation logged"
    assert len(after.consultations) == 1
    assert after.consultations[0].interpreter_language == "ka"
    assert len(after.consultations[0].follow_ups) == 2


def test_follow_ups_due_for_the_counsellor_oldest_first_and_mark_done(engine, actor, make_case):
    detail = make_case(registered_on=TODAY - dt.timedelta(days=10))
    with unit_of_work(engine) as session:
        other = users.add_user(session, None, "jonas", "Jonas Other", StaffRole.COUNSELLOR)
        counselling.record_consultation(session, actor, detail.id, consult())
        counselling.record_consultation(session, actor, detail.id, consult(
            follow_ups=(FollowUpForm("For Jonas", TODAY, assigned_to_id=other.id),)))
    with unit_of_work(engine, write=False) as session:
        due = counselling.list_follow_ups(session, actor, due_by=TODAY + dt.timedelta(days=7))
    assert [f.action for f in due] == ["Call back", "Ask embassy for travel certificate"]
    assert due[0].case_number == detail.case_number
    with unit_of_work(engine) as session:
        counselling.complete_follow_up(session, actor, due[0].id)
    with unit_of_work(engine, write=False) as session:
        assert [f.action for f in counselling.list_follow_ups(session, actor)] == ["Ask embassy for travel certificate"]
    with pytest.raises(ValidationError, match="already marked done"):
        with unit_of_work(engine) as session:
            counselling.complete_follow_up(session, actor, due[0].id)


def test_invalid_consultation_saves_nothing(engine, actor, make_case):
    detail = make_case(registered_on=TODAY - dt.timedelta(days=10))
    with pytest.raises(ValidationError):
        with unit_of_work(engine) as session:
            counselling.record_consultation(session, actor, detail.id, consult(held_at=NOW + dt.timedelta(days=2)))
    with unit_of_work(engine, write=False) as session:
        after = cases.get_case(session, actor, detail.id)
    assert after.consultations == () and after.stage == Stage.REGISTERED
