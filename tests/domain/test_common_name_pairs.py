"""Common names across scripts that offices meet every week, found as one person, and their neighbours kept apart."""

from __future__ import annotations

import pytest

from avrcase.domain.name_matching import NameForms, compare_names


@pytest.mark.parametrize(("ours", "theirs"), [
    # Bengali says its inherent vowel o (হক Hoque and Haque), a final -que is k, and জ is the z of Arabic names.
    (("Hoque", "Enamul"), ("হক", "এনামুল")),
    (("Haque", "Fazlul"), ("হক", "ফজলুল")),
    (("HOQUE", "NAZRUL"), ("Haque", "Nazrul")),
    (("Islam", "Nazrul"), ("ইসলাম", "নজরুল")),
    (("Rahman", "Aziz"), ("রহমান", "আজিজ")),
    # Russian writes the vh of Armenian Hovh- as г and drops the h: Hovhannisyan is Оганесян and Ованесян.
    (("Hovhannisyan", "Armen"), ("Оганесян", "Армен")),
    (("Hovhannisyan", "Hovhannes"), ("Оганисян", "Оганес")),
    (("Hovhannisyan", "Armen"), ("Ованесян", "Армен")),
    (("Հովհաննիսյան", "Արմեն"), ("Оганесян", "Армен")),
    (("Grigoryan", "Aram"), ("Григорян", "Арам")),
    (("Grigorian", "Aram"), ("Григорьян", "Арам")),
    (("Abdullaev", "Rustam"), ("Абдуллаев", "Рустам")),
    (("Abdullayev", "Rustam"), ("Абдуллаев", "Рустам")),
    (("Ali", "Mohammed"), ("Ali", "Muhammad")),
    (("Ali", "Mohammed"), ("Али", "Мухаммед")),
    (("Ali", "Mohammed"), ("علي", "محمد")),
    (("Nguyen", "Van An"), ("Nguyễn", "Văn An")),
    (("Nguyen", "Van An"), ("Нгуен", "Ван Ан")),
])
def test_one_person_written_two_ways_is_the_same_name(ours, theirs):
    assert compare_names(NameForms.of(*ours), NameForms.of(*theirs)).score >= 0.8


@pytest.mark.parametrize(("ours", "theirs"), [
    (("Hovhannisyan", "Armen"), ("Hovsepyan", "Armen")),
    (("Оганесян", "Армен"), ("Hakobyan", "Armen")),
    (("Оганесян", "Армен"), ("Оганов", "Армен")),
    (("Hoque", "Enamul"), ("Hossain", "Enamul")),
    (("Hoque", "Enamul"), ("হোসেন", "এনামুল")),
    (("Hoque", "Enamul"), ("Hook", "Enamul")),
    (("Rahim", "Karim"), ("রহমান", "করিম")),
    (("Hasan", "Monir"), ("হোসেন", "মনির")),
    (("Grigoryan", "Aram"), ("Gevorgyan", "Aram")),
    (("Abdullaev", "Rustam"), ("Abdurakhmanov", "Rustam")),
    (("Ali", "Mohammed"), ("Али", "Махмуд")),
    (("Nguyen", "Van An"), ("Nguyen", "Van Anh")),
])
def test_two_people_with_neighbouring_names_are_not_the_same_name(ours, theirs):
    assert compare_names(NameForms.of(*ours), NameForms.of(*theirs)).score < 0.8
