"""A name the documents could not print is refused when a case is registered (GUI, CLI and import share this)."""

from __future__ import annotations

import pytest

from avrcase.domain.errors import ValidationError
from avrcase.services.cases import register as case_service
from avrcase.services.uow import unit_of_work
from tests.conftest import make_case_form, make_person


def test_registering_a_name_in_a_script_without_a_font_is_refused_and_nothing_is_written(engine, actor):
    form = make_case_form(principal=make_person(family_name_original="ᏣᎳᎩ", given_names_original="ꦱꦸꦏꦂꦤ"))
    with pytest.raises(ValidationError) as raised, unit_of_work(engine) as session:
        case_service.register_case(session, actor, form)
    assert set(raised.value.errors) >= {"principal.family_name_original", "principal.given_names_original"}
    assert "cannot print" in raised.value.errors["principal.family_name_original"]


def test_a_sinhala_or_armenian_name_is_accepted(engine, actor):
    form = make_case_form(principal=make_person(family_name_original="කුමාරසිංහ", given_names_original="Անահիտ"))
    with unit_of_work(engine) as session:
        assert case_service.register_case(session, actor, form).id


def test_a_name_with_an_invisible_direction_override_is_refused_in_words_that_read_the_right_way_round(engine, actor):
    """A name pasted with a right-to-left override (``Ali`` + U+202E + ``fdp.exe``) was refused as a script "no font
    prints", and the message quoted the override itself, turning the rest of the message round on the screen."""
    from sqlalchemy import func, select

    from avrcase.store.models import Case

    # Inside the name: refused. At its ends a mark is paste debris, dropped without a word (#14, test_name_edges).
    form = make_case_form(principal=make_person(family_name="Ali\u202efdp.exe", given_names="Sa\ufeffmir\u200f"))
    with pytest.raises(ValidationError) as raised, unit_of_work(engine) as session:
        case_service.register_case(session, actor, form)
    family = raised.value.errors["principal.family_name"]
    assert "invisible characters" in family and "RIGHT-TO-LEFT OVERRIDE" in family and "type it again" in family
    assert "no font" not in family
    given = raised.value.errors["principal.given_names"]
    assert "ZERO WIDTH NO-BREAK SPACE" in given and "RIGHT-TO-LEFT MARK" not in given
    assert not any(c in family + given for c in "\u202e\ufeff\u200f")
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count(Case.id))) == 0


def test_a_persian_name_with_a_zero_width_non_joiner_is_accepted(engine, actor):
    form = make_case_form(principal=make_person(family_name_original="رحمت\u200cزاده", given_names_original="مهسا"))
    with unit_of_work(engine) as session:
        assert case_service.register_case(session, actor, form).id
