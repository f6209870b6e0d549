"""Words in a document's list tables stay whole where the table has room: a country of citizenship was hyphenated
("Afganista-nas", "Таджики-стан") in a narrow column beside a name column with room to spare."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from avrcase.domain.codes import Relationship
from avrcase.documents import case_summary, declaration
from avrcase.services.cases import case_file
from avrcase.services.cases import register as case_service
from avrcase.services.documents import case_snapshots as snapshots
from avrcase.services.dto import MemberForm
from avrcase.services import office
from avrcase.services.uow import unit_of_work
from tests.conftest import make_case_form, make_person
from tests.documents.conftest import ISSUED_AT, page_texts


def _afghan_household(engine, actor, country: str):
    def person(given: str, born: dt.date, number: str):
        return make_person(family_name="Ahmadzai", given_names=given, family_name_original="", given_names_original="",
                           citizenship=country, document_issuing_country=country, date_of_birth=born,
                           document_number=number, languages=("ps",))
    members = (MemberForm(person("Farid", dt.date(1986, 2, 3), "P01234567"), Relationship.SPOUSE),
               MemberForm(person("Mina", dt.date(2015, 6, 1), "P07654321"), Relationship.CHILD))
    form = dataclasses.replace(make_case_form(members=1, principal=person("Laila", dt.date(1990, 4, 5), "P01111111")),
                               members=members, country_of_return=country, final_destination="Kabul")
    with unit_of_work(engine) as session:
        case = case_service.register_case(session, actor, form)
        return case_file.get_case(session, actor, case.id), office.get_office_profile(session, actor)


@pytest.mark.parametrize(("lang", "country", "name"), [
    ("lt", "AF", "Afganistanas"), ("ru", "AF", "Афганистан"), ("en", "AF", "Afghanistan"),
    ("ru", "TJ", "Таджикистан"), ("lt", "UZ", "Uzbekistanas"),
])
def test_a_country_in_the_household_table_is_never_broken_inside_the_word(engine, actor, lang, country, name):
    case, profile = _afghan_household(engine, actor, country)
    summary = case_summary.render(snapshots.case_summary_snapshot(case, profile, lang, ISSUED_AT, show_sensitive=True))
    paper = declaration.render(snapshots.declaration_snapshot(case, profile, lang, ISSUED_AT, interpreter=""))
    for rendered in (summary, paper):
        lines = [line.strip() for page in page_texts(rendered.pdf) for line in page.splitlines()]
        household = lines[next(i for i, line in enumerate(lines) if "Farid" in line):]
        assert name in household, household
        assert not any(line.endswith("-") and name.startswith(line[:-1]) for line in household), household
