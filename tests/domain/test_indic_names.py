"""Hindi, Punjabi and Bengali names in Latin letters: the inherent a said where it is said, and found across scripts."""

import pytest

from avrcase.domain.name_matching import NameForms, compare_names
from avrcase.domain.names import latin_spelling


@pytest.mark.parametrize(("written", "latin"), [
    ("राम", "Ram"), ("सिंह", "Singh"), ("हरजीत", "Harjit"), ("मनमोहन", "Manmohan"), ("दीपक", "Dipak"),
    ("शर्मा", "Sharma"), ("प्रकाश", "Prakash"), ("कमलेश", "Kamlesh"), ("सरबजीत", "Sarabjit"), ("मित्र", "Mitra"),
    ("नरेंद्र", "Narendra"), ("संजय", "Sanjay"), ("लक्ष्मी", "Lakshmi"), ("ज़ाकिर", "Zakir"),
    ("ਸਿੰਘ", "Singh"), ("ਕੌਰ", "Kaur"), ("ਗੁਰਪ੍ਰੀਤ", "Gurprit"), ("ਮਨਜੀਤ", "Manjit"), ("ਅਮਨਦੀਪ", "Amandip"),
    ("ਗਿੱਲ", "Gill"), ("ਸੰਧੂ", "Sandhu"), ("ਮਨਪ੍ਰੀਤ", "Manprit"),
])
def test_a_hindi_or_punjabi_name_is_written_as_it_is_said(written, latin):
    assert latin_spelling(written) == latin


@pytest.mark.parametrize(("written", "latin"), [
    ("মোহাম্মদ রহিম", "Mohammad Rahim"), ("আব্দুর রহমান", "Abdur Rahman"), ("মোঃ করিম", "Md Karim"),
    ("ফাতেমা বেগম", "Fatema Begum"), ("বিশ্বাস", "Biswas"), ("স্বপন", "Swapan"), ("বিশ্বজিৎ", "Biswajit"),
    ("রফিকুল ইসলাম", "Rafikul Islam"), ("খাতুন", "Khatun"), ("জাহাঙ্গীর আলম", "Jahangir Alam"),
    ("আহমেদ", "Ahmed"), ("শাহানা", "Shahana"), ("জান্নাতুল ফেরদৌস", "Jannatul Ferdous"), ("চন্দ্র", "Chandra"),
    ("আদিত্য", "Aditya"), ("লক্ষ্মী রায়", "Lakshmi Ray"), ("শেখ", "Sheikh"), ("চৌধুরী", "Choudhury"),
])
def test_a_bengali_name_is_written_as_bangladeshs_passports_write_it(written, latin):
    assert latin_spelling(written) == latin


def test_a_name_with_vowel_signs_is_one_word_in_every_script_that_has_them():
    assert latin_spelling("हरजीत सिंह") == "Harjit Singh"
    assert latin_spelling("ශ්‍රී") == "Sri"  # Sinhala, with a joiner
    assert latin_spelling("தர்மலிங்கம்") == "Tarmalinkam"


@pytest.mark.parametrize(("latin", "written"), [
    (("Singh", "Harjeet"), ("सिंह", "हरजीत")),
    (("SINGH", "GURPREET"), ("ਸਿੰਘ", "ਗੁਰਪ੍ਰੀਤ")),
    (("Kaur", "Manpreet"), ("ਕੌਰ", "ਮਨਪ੍ਰੀਤ")),
    (("Sharma", "Deepak"), ("शर्मा", "दीपक")),
    (("RAHIM", "MOHAMMAD"), ("রহিম", "মোহাম্মদ")),
    (("Hossain", "Md Abdur"), ("হোসেন", "মোঃ আব্দুর")),
    (("Biswas", "Swapan"), ("বিশ্বাস", "স্বপন")),
])
def test_a_hindi_or_punjabi_name_is_the_same_as_its_passport_spelling(latin, written):
    assert compare_names(NameForms.of(*latin), NameForms.of(*written)).score >= 0.8


@pytest.mark.parametrize(("written", "latin"), [
    ("김 민준", "Kim Minjun"), ("이 서연", "Lee Seoyeon"), ("박 지은", "Park Jieun"), ("최 현우", "Choi Hyeonu"),
    ("황보 하늘", "Hwangbo Haneul"),
])
def test_a_korean_name_is_written_as_south_koreas_passports_write_it(written, latin):
    """Hangul was refused at entry (no font); the family name as its bearers spell it, the given name by the Revised
    Romanization, its syllables joined."""
    assert latin_spelling(written) == latin


@pytest.mark.parametrize(("latin", "written"), [
    (("KIM", "MINJUN"), ("김", "민준")), (("Lee", "Seo Yeon"), ("이", "서연")), (("Gim", "Minjun"), ("김", "민준")),
])
def test_a_korean_name_is_the_same_as_its_passport_spelling(latin, written):
    assert compare_names(NameForms.of(*latin), NameForms.of(*written)).score >= 0.8
