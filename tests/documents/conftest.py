"""Fixtures for renderer tests: snapshots built from a synthetic case, and PDF read-back helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from avrcase.domain.codes import Relationship
from avrcase.services import office
from avrcase.services.cases import case_file
from avrcase.services.cases import register as case_service
from avrcase.services.dto import MemberForm
from avrcase.services.uow import unit_of_work
from tests.conftest import make_case_form, make_person

ISSUED_AT = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)
LITHUANIAN = "Ąžuolaitė"
LITHUANIAN_GIVEN = "Jūratė Čėsnų Įšęžų"
RUSSIAN_FAMILY, RUSSIAN_GIVEN = "Кузнецова", "Алёна"
GEORGIAN_FAMILY, GEORGIAN_GIVEN = "ბერიძე", "ნინო"


@pytest.fixture
def multilingual_case(engine, actor):
    """A household whose names use Lithuanian diacritics, Cyrillic and Georgian; one child under 18."""
    principal = make_person(family_name=LITHUANIAN, given_names=LITHUANIAN_GIVEN,
                            family_name_original=GEORGIAN_FAMILY, given_names_original=GEORGIAN_GIVEN,
                            languages=("ru", "ka"))
    spouse = MemberForm(make_person(family_name="Kuznetsova", given_names="Alyona", document_number="RU1234567",
                                    family_name_original=RUSSIAN_FAMILY, given_names_original=RUSSIAN_GIVEN,
                                    citizenship="RU", date_of_birth=dt.date(1990, 2, 3)), Relationship.SPOUSE)
    child = MemberForm(make_person(given_names="Luka", given_names_original="ლუკა", date_of_birth=dt.date(2016, 6, 1),
                                   document_number="13CH00009"), Relationship.CHILD)
    form = dataclasses.replace(make_case_form(members=1, principal=principal), members=(spouse, child))
    with unit_of_work(engine) as session:
        case = case_service.register_case(session, actor, form)
        return case_file.get_case(session, actor, case.id), office.get_office_profile(session, actor)


def read_pdf(data: bytes) -> PdfReader:
    """A pypdf reader over PDF bytes."""
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() or "" for page in read_pdf(data).pages]


def office_calls_a_date_estimated(engine, admin, word: str) -> None:
    """The office's own English declaration wording, its word for an estimated date of birth changed to ``word``
    (imported as an administrator does it in Office ▸ Wording)."""
    import json

    from avrcase.domain.wording import DECLARATION, shipped_file
    from avrcase.services.documents import office_wording

    data = json.loads(json.dumps(shipped_file(DECLARATION, "en")))
    data["labels"]["estimated"] = word
    with unit_of_work(engine) as session:
        office_wording.import_wording(session, admin, json.dumps(data, ensure_ascii=False).encode("utf-8"))
