"""Search finds a name written apart or together (Xiao Ming / Xiaoming, Mohammad Ali / Mohammadali), ranked after
the cases where the words are found as typed, and names in Kurdish, Pashto and Persian letters."""

from __future__ import annotations

import datetime as dt

from avrcase.services.cases import register as cases
from tests.services.cases.test_name_search import _person, _search, read


def test_a_name_written_together_finds_it_written_apart_and_the_other_way(engine, actor, make_case):
    apart = make_case(principal=_person("LI", "Xiao Ming")).case_number
    together = make_case(principal=_person("WANG", "Xiaoming")).case_number
    karimi = make_case(principal=_person("KARIMI", "Mohammad Ali")).case_number
    rezaei = make_case(principal=_person("Mohammadali", "Reza")).case_number
    assert _search(engine, actor, "Xiaoming") == [together, apart]  # as typed first
    assert _search(engine, actor, "Li Xiaoming") == [apart]
    assert set(_search(engine, actor, "Xiao Ming")) == {together, apart}  # "xiao" and "ming" in both as typed
    assert _search(engine, actor, "Karimi Mohammadali") == [karimi]
    assert _search(engine, actor, "Mohammadali") == [rezaei, karimi]
    assert set(_search(engine, actor, "Muhammad Ali")) == {karimi, rezaei}
    assert _search(engine, actor, "Muhammad Ali Reza") == [rezaei]


def test_kurdish_pashto_and_persian_letters_find_the_latin_name(engine, actor, make_case):
    sherko = make_case(principal=_person("Xelîl", "Şêrko")).case_number
    zalmay = make_case(principal=_person("Ahmadzai", "Zalmay")).case_number
    rezaei = make_case(principal=_person("Rezaei", "Kamal")).case_number
    assert _search(engine, actor, "شێرکۆ خەلیل") == [sherko]  # Sorani: ێ ۆ ە are vowels
    assert _search(engine, actor, "ځلمی") == [zalmay]  # Pashto ځ is z
    assert _search(engine, actor, "رضایی") == [rezaei]  # ض is z in a Persian name
    assert _search(engine, actor, "رضائي كمال") == [rezaei]  # Arabic ي and ك for Persian ی and ک


def test_the_duplicate_check_joins_a_compound_name_but_not_two_vietnamese_syllables(engine, actor, make_case):
    born = dt.date(1991, 3, 14)
    karimi = make_case(principal=_person("Karimi", "Mohammad Ali", date_of_birth=born, citizenship="AF"))
    make_case(principal=_person("Tran", "Thi Huong", date_of_birth=born, citizenship="VN"))
    typed = _person("KARIMI", "MOHAMMADALI", date_of_birth=born, citizenship="AF")
    assert [d.case_id for d in read(engine, cases.find_duplicates, actor, [typed])] == [karimi.id]
    sister = _person("Tran", "Thi Hong", date_of_birth=born, citizenship="VN")  # a twin: another name
    assert read(engine, cases.find_duplicates, actor, [sister]) == []


def test_somali_and_greek_spellings_find_the_case(engine, actor, make_case):
    cabdi = make_case(principal=_person("Cabdi", "Xasan")).case_number
    giorgos = make_case(principal=_person("Papadopoulos", "Georgios", "Παπαδόπουλος", "Γιώργος")).case_number
    assert _search(engine, actor, "Abdi Hassan") == [cabdi]
    assert _search(engine, actor, "Yiorgos") == [giorgos]


def test_two_words_joined_do_not_find_a_name_alike_to_one_of_them(engine, actor, make_case):
    lan = make_case(principal=_person("Nguyễn", "Thị Lan")).case_number
    make_case(principal=_person("Nguyễn", "Minh Đức"))  # no Thị: "NguyenThi" is alike to Nguyen, not the name
    giorgi = make_case(principal=_person("Beridze", "Levan")).case_number
    make_case(principal=_person("Lê", "Văn Hùng"))  # Levan is not split into Le and Van (halves of 3 letters)
    assert _search(engine, actor, "Nguyen Thi") == [lan]
    assert _search(engine, actor, "Levan") == [giorgi]
