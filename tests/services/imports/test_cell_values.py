"""Cells as offices write them: months named in English, Lithuanian or Russian, three-letter country codes,
names in another script romanised for the travel-document fields."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.domain.names import in_latin_letters, latin_spelling
from avrcase.services.imports import values

MARCH_12 = dt.date(1980, 3, 12)


@pytest.mark.parametrize("text", [
    "12 Mar 1980", "12 March 1980", "12-Mar-1980", "Mar 12, 1980", "March 12th, 1980", "12-Mar-80", "12 mar. 1980",
    "12 марта 1980", "12 марта 1980 г.", "12 мар 1980", "Март 12, 1980", "1980 m. kovo 12 d.", "12 kovo 1980",
    "1980 kovo 12"])
def test_a_month_written_as_a_word_is_read(text):
    assert values.parse_date(text) == MARCH_12


@pytest.mark.parametrize("text", ["31 Feb 1980", "Mar 1980", "12 Foo 1980", "12 Mar", "12 13 Mar 1980", "1980"])
def test_what_is_not_a_whole_date_is_refused(text):
    with pytest.raises(values.CellError, match="is not a date"):
        values.parse_date(text)


@pytest.mark.parametrize("cell, year", [("1980", 1980), (1980, 1980), ("XX.XX.1975", 1975), ("00.00.1975", 1975),
                                        ("12.03.1980", None), ("80", None), (dt.date(1980, 1, 1), None)])
def test_a_birth_year_alone(cell, year):
    assert values.birth_year(cell) == year


@pytest.mark.parametrize("text, code", [
    ("UKR", "UA"), ("geo", "GE"), ("MDA", "MD"), ("IRQ", "IQ"), ("AFG", "AF"), ("XKX", "XK"), ("RKS", "XK"),
    ("Russian Federation", "RU"), ("Moldova, Republic of", "MD"), ("Moldavija", "MD"), ("Молдова", "MD"),
    ("Ukraina", "UA"), ("Украина", "UA"), ("Gruzija", "GE"), ("Грузия", "GE"), ("Irakas", "IQ"), ("Ирак", "IQ")])
def test_a_country_by_its_three_letter_code_or_its_name(text, code):
    assert values.country(text) == code


@pytest.mark.parametrize("name, latin", [
    ("Іван Петренко", "Ivan Petrenko"), ("გიორგი ბერიძე", "Giorgi Beridze"), ("Олександр", "Oleksandr"),
    ("Юрий Смирнов", "Iurii Smirnov"), ("Հովհաննիսյան", "Hovhannisyan"), ("أحمد", "Ahmad"),
    ("Мар'яна Юрчишин-Коваль", "Mariana Yurchyshyn-Koval")])  # і in Іван, я in Мар'яна: Ukrainian
def test_a_name_in_another_script_gets_a_latin_spelling(name, latin):
    assert not in_latin_letters(name) and latin_spelling(name) == latin


@pytest.mark.parametrize("name, latin", [
    ("Григорій Згурський", "Hryhorii Zghurskyi"), ("Юрій Яковенко", "Yurii Yakovenko"), ("Олена Євтушенко", "Olena Yevtushenko")])
def test_a_ukrainian_citizens_name_is_romanised_as_ukrainian_passports_do(name, latin):
    assert latin_spelling(name, "UA") == latin


@pytest.mark.parametrize("name", ["Şahin", "Žukauskas", "Qoʻchqorov", "Nguyễn Văn", "O'Brien", ""])
def test_latin_names_are_left_as_they_are(name):
    assert in_latin_letters(name) and latin_spelling(name) == name


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_day_written_with_its_month_as_a_word_reads_back(day):
    """Any day as an English, Lithuanian or Russian document writes it, long or abbreviated, is that day."""
    from babel.dates import format_date

    english = ("dd MMM yyyy", "d MMMM yyyy", "dd-MMM-yyyy", "MMM d, yyyy")  # as spreadsheets and people write it
    written = [*(format_date(day, pattern, locale="en") for pattern in english),
               *(format_date(day, width, locale=language) for language in ("en", "lt", "ru")
                 for width in ("long", "medium"))]
    assert {text: values.parse_date(text) for text in written} == dict.fromkeys(written, day)


@pytest.mark.parametrize("family, given, citizenship, latin", [
    ("Юрчишин", "Мар'яна", "RU", ("Yurchyshyn", "Mariana")),  # the apostrophe shows the name is Ukrainian
    ("Григоренко", "Олег", "UA", ("Hryhorenko", "Oleh")),  # a Ukrainian citizen: Ukraine's system
    ("Григорьев", "Олег", "RU", ("Grigorev", "Oleg"))])  # a Russian citizen: ICAO 9303, as Russian passports
def test_a_sheet_row_romanises_as_the_persons_passport_would(engine, actor, tmp_path, family, given, citizenship, latin):
    from avrcase.services.imports import run
    from avrcase.services.uow import unit_of_work

    path = tmp_path / "bylos.csv"
    path.write_text(f"case_key;family_name;given_names;sex;date_of_birth;citizenship\nK1;{family};{given};F;1985-05-05;"
                    f"{citizenship}\n", encoding="utf-8")
    with unit_of_work(engine, write=False) as session:
        plan = run.dry_run(session, actor, path, today=dt.date(2026, 12, 4))
    person = plan.cases[0].form.principal
    assert (person.family_name, person.given_names) == latin
    assert (person.family_name_original, person.given_names_original) == (family, given)
