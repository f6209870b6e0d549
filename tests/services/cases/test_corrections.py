"""One-field corrections: the optional sharing choice and a patronymic; the case's version moves on."""

from __future__ import annotations

import pytest

from avrcase.domain.errors import ConflictError, ValidationError
from avrcase.services.cases import corrections
from avrcase.services.cases import register as cases
from avrcase.services.uow import unit_of_work
from tests.conftest import make_case_form


def test_a_correction_makes_a_dialog_opened_before_it_stale(engine, actor, make_case):
    case = make_case()
    with unit_of_work(engine) as session:
        after = corrections.set_patronymic(session, actor, case.id, 1, " Петровна ")
    assert after.principal.patronymic == "Петровна" and after.version > case.version
    with unit_of_work(engine) as session:
        after_sharing = corrections.record_sharing_choice(session, actor, case.id, True)
    assert after_sharing.consent.sharing is True and after_sharing.version > after.version
    with pytest.raises(ConflictError), unit_of_work(engine) as session:
        cases.update_case(session, actor, case.id, case.version, make_case_form())


@pytest.mark.parametrize("value", ["П" * 101, "Bad\x1bname"])
def test_a_bad_patronymic_is_refused(engine, actor, make_case, value):
    case = make_case()
    with pytest.raises(ValidationError) as raised, unit_of_work(engine) as session:
        corrections.set_patronymic(session, actor, case.id, 1, value)
    assert set(raised.value.errors) == {"patronymic"}
