"""Counts read as words do: "1 case", "2 cases" in English, and Lithuanian's and Russian's three forms."""

from __future__ import annotations

import pytest

from avrcase.i18n import counted, set_locale
from avrcase.services.imports import wording
from avrcase.services.imports.plan import ImportPlan


@pytest.fixture
def locale():
    yield set_locale
    set_locale("en")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["1 case", "2 cases", "5 cases", "10 cases", "21 cases"]),
    ("lt", ["1 byla", "2 bylos", "5 bylos", "10 bylų", "21 byla"]),
    ("ru", ["1 дело", "2 дела", "5 дел", "10 дел", "21 дело"]),
])
def test_a_counted_noun_takes_the_form_of_its_number(locale, lang, expected):
    locale(lang)
    assert [counted.cases(n) for n in (1, 2, 5, 10, 21)] == expected


def test_every_counted_noun_is_singular_for_one_and_plural_otherwise(locale):
    locale("en")
    for noun in (counted.cases, counted.persons, counted.consultations, counted.tables, counted.files, counted.items):
        assert not noun(1).endswith("s") and noun(3).endswith("s"), noun.__name__
    assert counted.documents_and_attachments(1) == "1 document or attachment"


def test_an_import_check_of_one_row_says_one_case(locale):
    locale("en")
    plan = ImportPlan(file_name="cases.xlsx", sha256="0" * 64, rows=1, cases=(object(),), problems=(),  # type: ignore[arg-type]
                      already_imported=())
    parts = wording.check_parts(plan)
    assert parts == {"rows": "1 row read", "cases": "1 case ready to import", "bad": "0 rows with problems",
                     "before": "0 cases imported before"}
    locale("lt")
    assert wording.check_parts(plan)["cases"] == "1 byla paruošta importuoti"
    assert wording.imported(3) == "importuotos 3 bylos"
