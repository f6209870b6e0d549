"""Names are kept in one Unicode form (NFC), however they came: typed, pasted from a macOS program, imported."""

from __future__ import annotations

import unicodedata

from sqlalchemy import select

from avrcase.services.cases import register as cases
from avrcase.services.dto import CaseQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Person
from tests.conftest import make_case_form, make_person

DECOMPOSED = unicodedata.normalize("NFD", "Nguyễn")  # N g u y e + U+0302 + U+0303 n, as macOS pastes it


def test_a_decomposed_name_is_stored_composed_and_found_as_typed(engine, actor):
    assert DECOMPOSED != "Nguyễn"
    form = make_case_form(principal=make_person(family_name=DECOMPOSED, given_names="Thi\u0323 Minh",
                                                family_name_original=unicodedata.normalize("NFD", "Йосипенко")))
    with unit_of_work(engine) as session:
        case_id = cases.register_case(session, actor, form).id
    with unit_of_work(engine, write=False) as session:
        person = session.scalars(select(Person)).one()
        assert (person.family_name, person.given_names, person.family_name_original) == (
            "Nguyễn", "Thị Minh", "Йосипенко")
        rows = cases.list_cases(session, actor, CaseQuery(search="Nguyễn"))
        assert [r.id for r in rows] == [case_id]
