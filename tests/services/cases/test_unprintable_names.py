"""A name the documents could not print is refused when a case is registered (GUI, CLI and import share this)."""

from __future__ import annotations

import pytest

from avrcase.domain.errors import ValidationError
from avrcase.services.cases import register as case_service
from avrcase.services.uow import unit_of_work
from tests.conftest import make_case_form, make_person


def test_registering_a_name_in_a_script_without_a_font_is_refused_and_nothing_is_written(engine, actor):
    form = make_case_form(principal=make_person(family_name_original="王", given_names_original="秀英"))
    with pytest.raises(ValidationError) as raised, unit_of_work(engine) as session:
        case_service.register_case(session, actor, form)
    assert set(raised.value.errors) >= {"principal.family_name_original", "principal.given_names_original"}
    assert "cannot print" in raised.value.errors["principal.family_name_original"]


def test_a_sinhala_or_armenian_name_is_accepted(engine, actor):
    form = make_case_form(principal=make_person(family_name_original="කුමාරසිංහ", given_names_original="Անահիտ"))
    with unit_of_work(engine) as session:
        assert case_service.register_case(session, actor, form).id
