"""Name folding: diacritics, transliteration and duplicate-tolerant matching."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avrcase.domain import names
from avrcase.domain.names import (
    fold,
    names_similar,
    normalise_document_number,
    search_fold,
    search_tokens,
    skeleton,
)


def test_fold_removes_diacritics_of_many_languages():
    assert fold("Nguyễn Văn Ân") == "nguyen van an"
    assert fold("Məmmədov Elçin") == "mammadov elcin"
    assert fold("Yılmaz Ayşe") == "yilmaz ayse"
    assert fold("Žemaitė Ąžuolė") == "zemaite azuole"


def test_fold_transliterates_cyrillic_and_georgian_like_a_passport():
    assert fold("Иванов Сергей") == "ivanov sergei"
    assert fold("Шевченко Олена") == "shevchenko olena"
    assert fold("ბერიძე ნინო") == "beridze nino"


def test_transliteration_variants_share_a_skeleton():
    assert skeleton("Muhammad") == skeleton("Mohammed") == skeleton("Mukhammad")
    assert skeleton("Aleksandr") == skeleton("Alexander")
    assert skeleton("Yuriy") == skeleton("Iurii")


def test_names_similar_tolerates_order_transliteration_and_typos():
    assert names_similar("Beridze", "Nino", "ბერიძე", "ნინო")
    assert names_similar("Nino", "Beridze", "Beridze", "Nino")
    assert names_similar("Ivanov", "Sergey", "Иванов", "Сергей")
    assert names_similar("Abdulloev", "Farrukh", "Abduloev", "Farukh")
    assert not names_similar("Beridze", "Nino", "Kapanadze", "Giorgi")


def test_document_numbers_and_search_keep_digits():
    assert normalise_document_number(" ab 12-34 567 ") == "AB1234567"
    assert search_fold("VNO-2026-00042") == "vno-2026-00042"
    assert search_tokens("  Nguyễn  C12 ") == ["nguyen", "c12"]


@given(st.text())
def test_fold_always_gives_lowercase_ascii_words(text):
    folded = fold(text)
    assert folded == folded.strip()
    assert all(c == " " or "a" <= c <= "z" for c in folded)
    assert "  " not in folded


@given(st.text(min_size=1, max_size=30), st.text(max_size=30))
def test_names_similar_is_symmetric_and_reflexive(a, b):
    assert names_similar(a, b, b, a) == names_similar(b, a, a, b)
    if fold(a + b):
        assert names_similar(a, b, a, b)


def test_search_keeps_scripts_without_transliteration():
    from avrcase.domain.names import script_words, search_tokens

    # Vowel marks (harakat) are dropped on both sides, so a fully vocalised query still matches.
    assert search_tokens("حَسَن") == ["حسن"]
    assert script_words("حسن علي") == "حسن علي"
    assert script_words("Іванова") == ""  # Cyrillic is transliterated by fold instead


@pytest.mark.parametrize(("name", "written"), [
    ("Şahin", "ŞAHİN"), ("Kılıç", "KILIÇ"), ("Yılmaz", "YILMAZ"), ("Əliyev", "ƏLİYEV"), ("Doğanay", "DOĞANAY"),
    ("Aliyev", "ALIYEV"), ("Nguyễn", "NGUYỄN"), ("Müller", "MÜLLER"), ("Khutsishvili", "KHUTSISHVILI"),
    ("Іванів", "ІВАНІВ"), ("", "")])
def test_capitals_keep_a_turkic_i_dotted_and_leave_every_other_name_as_upper_does(name, written):
    assert names.capitals(name) == written


@pytest.mark.parametrize(("name", "citizenship", "written"), [
    ("Demir", "TR", "DEMİR"), ("Aliyev", "AZ", "ALİYEV"), ("Çiçek", "TR", "ÇİÇEK"), ("Demir", "", "DEMIR"),
    ("Ivanov", "RU", "IVANOV"), ("Kılıç", "DE", "KILIÇ")])
def test_a_turkish_or_azerbaijani_citizen_s_name_keeps_its_i_dotted_in_capitals(name, citizenship, written):
    assert names.capitals(name, citizenship) == written
    assert names.display_name(name, "Ayşe", citizenship) == f"{written} Ayşe"


@pytest.mark.parametrize(("name", "written"), [
    ("bin Abdullah", "bin ABDULLAH"), ("binti Ismail", "binti ISMAIL"), ("van der Berg", "van der BERG"),
    ("de la Cruz", "de la CRUZ"), ("al-Amrani", "al-AMRANI"), ("ibn Rushd", "ibn RUSHD"), ("dos Santos", "dos SANTOS"),
    ("Van Der Berg", "VAN DER BERG"), ("BIN ABDULLAH", "BIN ABDULLAH"), ("El Amrani", "EL AMRANI"), ("de", "DE"),
    ("Ali-Khan", "ALI-KHAN"), ("Le", "LE"),
    ("Müller von und zu Hohenzollern", "MÜLLER von und zu HOHENZOLLERN")])  # "von UND zu" before
def test_a_particle_typed_in_lower_case_stays_so_before_the_family_name_in_capitals(name, written):
    """"bin Abdullah" printed BIN ABDULLAH: the family name is in capitals, its particle as typed (van der BERG, as
    Dutch passports and French registers write it); typed in capitals (Belgian Van Der Berg), it is all capitals."""
    assert names.capitals(name) == written


def test_a_persian_or_pashto_name_is_drafted_with_z_where_arabic_has_d():
    """رضایی was drafted "Rdaii" and کاظمی "Kdmi": ض ذ ظ are z in Persian, Urdu and Pashto names."""
    assert names.latin_spelling("رضایی") == "Rezaei"
    assert names.latin_spelling("کاظمی") == "Kazmi"
    assert names.latin_spelling("رمضان") == "Ramadan"  # Arabic letters only: Ramadan's d kept
    assert names.latin_spelling("رمضان", "AF") == "Ramazan"  # an Afghan's: z


@pytest.mark.parametrize(("greek", "latin"), [
    ("Παπαδόπουλος", "Papadopoulos"), ("Ευάγγελος", "Evangelos"), ("Μπακογιάννης", "Bakogiannis"), ("Ντόρα", "Dora"),
    ("Χρήστος", "Christos"), ("Γιώργος", "Giorgos"),
])
def test_a_greek_name_is_drafted_as_greek_passports_write_it(greek, latin):
    """Παπαδόπουλος was drafted "Papadopoylos" (υ letter by letter)."""
    assert names.latin_spelling(greek) == latin


def test_a_kazakh_name_is_drafted_as_kazakh_passports_write_it_and_a_tajik_one_as_tajik_ones():
    """Қайрат of a Kazakh citizen was drafted "Qairat"; Kazakhstan's passports write KAIRAT (Tajikistan's QODIROV)."""
    assert names.latin_spelling("Қайрат Әбілқасым", "KZ") == "Kairat Abilkasym"
    assert names.latin_spelling("Қодиров Ҷамшед", "TJ") == "Qodirov Jamshed"
