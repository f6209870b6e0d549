"""The Latin spelling suggested for a name in Arabic script reads as an office writes it (``arabic_spelling``).

Before, only the consonants and long vowels were written: عبد الله was suggested as "Bd Allh", محمد "Mhmd".
"""

import pytest

from avrcase.domain.names import latin_spelling


@pytest.mark.parametrize(("written", "latin"), [
    ("عبد الله", "Abdullah"), ("عبدالله", "Abdullah"), ("عَبْدُ اللهِ", "Abdullah"),  # with tashkeel
    ("محمد", "Mohammed"), ("مُحَمَّد", "Mohammed"), ("أحمد", "Ahmad"), ("احمد", "Ahmad"),
    ("عبد الرحمن", "Abdulrahman"), ("عبدالواحد", "Abdulwahid"), ("عبد العزيز", "Abdulaziz"),
    ("فاطمة", "Fatima"), ("عائشة", "Aisha"), ("مصطفى", "Mustafa"), ("حسين", "Hussein"), ("علي", "Ali"),
    ("نجيب الله", "Najibullah"), ("نور الدين", "Nuruddin"), ("صلاح الدين", "Salahuddin"),
    ("الأحمد", "Al-Ahmad"), ("الحسن", "Al-Hassan"), ("الخطيب", "Al-Khatib"), ("الجبوري", "Al-Jaburi"),
    ("عبد الله محمد الأحمد", "Abdullah Mohammed Al-Ahmad"), ("خالد الحسن", "Khaled Al-Hassan"),
])
def test_common_arabic_names_and_their_parts_read_as_offices_spell_them(written, latin):
    assert latin_spelling(written) == latin


@pytest.mark.parametrize(("written", "latin"), [
    ("حسن", "Hassan"), ("خالد", "Khaled"), ("جمال", "Jamal"), ("مروان", "Marwan"), ("بشار", "Bashar"),
    ("صابر", "Sabir"), ("راشد", "Rashid"), ("ياسر", "Yasir"), ("زياد", "Ziyad"), ("نادية", "Nadya"),
    ("وليد", "Walid"), ("ساجد", "Sajid"), ("سميرة", "Samira"), ("سلام", "Salam"),
])
def test_a_name_not_in_the_table_gets_the_short_vowels_a_latin_reader_needs(written, latin):
    """Long vowels ا و ي as a, u, i, ة as a, no word beginning or ending in two consonants (حسن Hasan, not Hsn),
    a faa'il name with its i (خالد Khalid, راشد Rashid)."""
    assert latin_spelling(written) == latin


@pytest.mark.parametrize(("written", "citizenship", "latin"), [
    ("علی‌رضا", "", "Alireza"), ("محمد", "IR", "Mohammad"), ("حسین", "", "Hossein"), ("رضا", "IR", "Reza"),
    ("رضا", "IQ", "Rida"), ("محمدی", "", "Mohammadi"), ("رضایی", "", "Rezaei"), ("کریمی", "", "Karimi"),
    ("ذبیح‌الله", "", "Zabihullah"), ("نورزی", "AF", "Nurzai"), ("رحیم‌زاده", "", "Rahimzadeh"),
    ("ځدراڼ", "", "Zadran"), ("عمران خان", "PK", "Imran Khan"), ("شێرکۆ خەلیل", "", "Sherko Khelil"),
])
def test_persian_pashto_urdu_and_kurdish_names(written, citizenship, latin):
    """A ZWNJ keeps a Persian name one word (علی‌رضا Alireza); Persian letters or an Iranian, Afghan or Pakistani
    citizenship take their spellings (ض z, محمد Mohammad); Pashto -zai; Kurdish writes its vowels."""
    assert latin_spelling(written, citizenship) == latin


def test_latin_and_other_scripts_in_the_same_name_are_left_to_their_own_rules():
    assert latin_spelling("Ahmad عبد الله") == "Ahmad Abdullah"
    assert latin_spelling("Іван عبد الله") == "Ivan Abdullah"


@pytest.mark.parametrize(("written", "citizenship", "latin"), [
    ("محمد", "MA", "Mohamed"), ("أحمد", "DZ", "Ahmed"), ("يوسف", "TN", "Youssef"), ("بوزيد", "DZ", "Bouzid"),
    ("نور الدين", "DZ", "Noureddine"), ("صلاح الدين", "MA", "Salaheddine"), ("عبد القادر", "DZ", "Abdelkader"),
    ("عبد الرحمن", "MA", "Abderrahmane"), ("عبد الصمد", "MA", "Abdessamad"), ("عبد اللطيف", "TN", "Abdellatif"),
    ("عبد الله", "MA", "Abdellah"), ("عبد الحق", "DZ", "Abdelhak"), ("العلوي", "MA", "El Alaoui"),
    ("رشيد", "DZ", "Rachid"), ("شريف", "TN", "Cherif"), ("بلقاسم", "DZ", "Belkacem"), ("عائشة", "MA", "Aicha"),
    ("هشام", "MA", "Hicham"), ("إدريس", "MA", "Driss"), ("بن علي", "TN", "Ben Ali"), ("بوعلام", "DZ", "Boualem"),
    ("محمد بن عيسى", "MR", "Mohamed Ben Aissa"),
])
def test_a_moroccan_algerian_tunisian_or_mauritanian_name_takes_the_french_convention(written, citizenship, latin):
    """Maghreb passports write ou for the long u, ch for ش, k for ق, and the article as el, said as the sun letter
    after عبد (Abderrahmane); the same letters from elsewhere keep the English convention."""
    assert latin_spelling(written, citizenship) == latin


@pytest.mark.parametrize(("written", "latin"), [
    ("محمد", "Mohammed"), ("بوزيد", "Buzid"), ("نور الدين", "Nuruddin"), ("عبد القادر", "Abdulqadir"),
    ("هشام", "Hisham"), ("إدريس", "Idris"), ("بن علي", "Bin Ali"), ("الحسن", "Al-Hassan"),
])
def test_without_a_maghreb_citizenship_the_english_convention_stays(written, latin):
    assert latin_spelling(written, "IQ") == latin
    assert latin_spelling(written) == latin
