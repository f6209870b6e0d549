"""Common names written in another script or system find the case, in search and in the duplicate check: Bengali
হক typed Hoque, Armenian Hovhannisyan typed as Russian documents write it (Оганесян)."""

from __future__ import annotations

from tests.services.cases.test_world_names import _duplicates, _person, _retyped, _search


def test_hoque_and_ohanesyan_find_the_names_written_in_bengali_and_armenian(engine, actor, make_case):
    # হক was read "hak" only and HOQUE "hokue": 0.47, no possible duplicate, and "Hoque" found nothing. Оганесян
    # found no Hovhannisyan: Russian writes the vh of Hovh- as г.
    haque = _person("Hak", "Fazlul", "হক", "ফজলুল", citizenship="BD")  # the Latin as the case dialog drafted it
    bengali = make_case(principal=haque, country_of_return="BD").case_number
    armenian = make_case(principal=_person("Hovhannisyan", "Armen", "Հովհաննիսյան", "Արմեն", citizenship="AM"),
                         country_of_return="AM").case_number
    make_case(principal=_person("Hossain", "Fazlul", "হোসেন", "ফজলুল", citizenship="BD"), country_of_return="BD")
    make_case(principal=_person("Hovsepyan", "Armen", "Հովսեփյան", "Արմեն", citizenship="AM"), country_of_return="AM")
    assert _search(engine, actor, "Hoque") == [bengali]
    assert _search(engine, actor, "Haque Fazlul") == [bengali]
    assert _search(engine, actor, "Оганесян") == [armenian]
    assert _search(engine, actor, "Оганесян Армен") == [armenian]
    assert _duplicates(engine, actor, _retyped(haque, family_name="HOQUE", given_names="FAZLUL",
                                               family_name_original="", given_names_original="")) == [bengali]


def test_a_family_name_typed_with_its_particles_finds_a_record_without_them(engine, actor, make_case):
    # "van der Berg" found nothing when the referral had the family name as BERG: every typed word had to be found.
    # The particles now rank (as typed first) but do not filter; Vietnamese syllables (Le Van) still must be found.
    full = make_case(principal=_person("van der Berg", "Jan", citizenship="NL"), country_of_return="NL").case_number
    bare = make_case(principal=_person("BERG", "Jan", citizenship="NL"), country_of_return="NL").case_number
    make_case(principal=_person("Berger", "Jan", citizenship="DE"), country_of_return="DE")
    cruz = make_case(principal=_person("CRUZ", "Maria", citizenship="PH"), country_of_return="PH").case_number
    nguyen = make_case(principal=_person("Nguyen", "Thi An", citizenship="VN"), country_of_return="VN").case_number
    assert _search(engine, actor, "van der Berg") == [full, bare]
    assert _search(engine, actor, "Jan van der Berg") == [full, bare]
    assert _search(engine, actor, "De la Cruz Maria") == [cruz]
    assert _search(engine, actor, "Nguyen Le Van An") == []
    assert _search(engine, actor, "Nguyen An") == [nguyen]
