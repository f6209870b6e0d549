"""Names as returnees' passports and counsellors write them: tone marks, vowel signs, joiners, letters left off."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from avrcase.domain.codes import IdDocumentType
from avrcase.services.cases import register as cases
from avrcase.services.dto import CaseQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Person
from tests.conftest import make_person

BORN = dt.date(1986, 4, 23)


def _person(family, given, family_original="", given_original="", citizenship="GE", **overrides):
    return make_person(family_name=family, given_names=given, family_name_original=family_original,
                       given_names_original=given_original, citizenship=citizenship,
                       document_issuing_country=citizenship, date_of_birth=BORN, **overrides)


def _retyped(person, **changes):
    """The same person registered again by another counsellor: no passport to hand, the name typed otherwise."""
    return replace(person, document_type=IdDocumentType.NONE, document_number="", **changes)


def _duplicates(engine, actor, person):
    with unit_of_work(engine, write=False) as session:
        return [c.case_number for c in cases.find_duplicates(session, actor, [person])]


def _search(engine, actor, words):
    with unit_of_work(engine, write=False) as session:
        return [r.case_number for r in cases.list_cases(session, actor, CaseQuery(search=words, limit=50))]


def test_a_yoruba_name_typed_without_its_tone_marks_is_a_possible_duplicate(engine, actor, make_case):
    # Ẹ̀ has no composed form: E, dot below, grave. The grave split "Ẹ̀bùn" into "Ẹ" and "bùn", so
    # "Olaoluwa Ebun" born the same day was no possible duplicate.
    ebun = _person("Ọláolúwa", "Ẹ̀bùn", citizenship="NG")
    number = make_case(principal=ebun, country_of_return="NG").case_number
    assert _duplicates(engine, actor, _retyped(ebun, family_name="OLAOLUWA", given_names="Ebun")) == [number]
    assert _search(engine, actor, "Ebun Olaoluwa") == [number]


def test_a_turkish_name_typed_without_its_letters_is_a_possible_duplicate(engine, actor, make_case):
    # Şahin was read only the Turkish way (Shahin), so SAHIN ISMAIL, as a passport's machine-readable line and a
    # keyboard without Ş write it, born the same day, was no possible duplicate.
    sahin = _person("Şahin", "İsmail", citizenship="TR")
    number = make_case(principal=sahin, country_of_return="TR").case_number
    assert _duplicates(engine, actor, _retyped(sahin, family_name="SAHIN", given_names="ISMAIL")) == [number]
    lithuanian = _person("Šimkus", "Darius", citizenship="LT")
    simkus = make_case(principal=lithuanian).case_number
    assert _duplicates(engine, actor, _retyped(lithuanian, family_name="Simkus")) == [simkus]


def test_a_persian_name_is_found_with_or_without_its_zero_width_non_joiner(engine, actor, make_case):
    # رحیم‌زاده is written with a ZWNJ between its halves; typed without it (as most keyboards give it) the
    # search found nothing.
    number = make_case(principal=_person("Rahimzadeh", "Maryam", "رحیم\u200cزاده", "مریم", citizenship="AF"),
                       country_of_return="AF").case_number
    assert _search(engine, actor, "رحیم\u200cزاده") == [number]
    assert _search(engine, actor, "رحیمزاده") == [number]
    assert _search(engine, actor, "رحیم زاده") == [number]


def test_an_indic_name_is_searched_by_whole_words_not_by_letters(engine, actor, make_case):
    # Vowel signs and viramas split "कुमार" into क, म and र, so searching for Kumar in Devanagari found Kaur as
    # well (क … र), and a Sinhala Perera found a Peiris.
    kumar = make_case(principal=_person("Kumar", "Ramesh", "कुमार", "रमेश", citizenship="IN"),
                      country_of_return="IN").case_number
    make_case(principal=_person("Kaur", "Rani", "कौर", "रानी", citizenship="IN"), country_of_return="IN")
    perera = make_case(principal=_person("Perera", "Nimal", "පෙරේරා", "නිමල්", citizenship="LK"),
                       country_of_return="LK").case_number
    make_case(principal=_person("Peiris", "Kamal", "පීරිස්", "කමල්", citizenship="LK"), country_of_return="LK")
    assert _search(engine, actor, "कुमार") == [kumar]
    assert _search(engine, actor, "පෙරේරා") == [perera]


def test_spaces_inside_a_name_are_stored_as_one(engine, actor, make_case):
    # A name pasted from a scanned list kept its gaps: "KARIMOV Alisher   Bakhtiyorovich" in the list and on paper.
    detail = make_case(principal=_person("  Karimov ", " Alisher   Bakhtiyorovich ", "Каримов  ", "Алишер  Бахтиёрович",
                                         citizenship="UZ", patronymic="Bakhtiyor  ugli"))
    with unit_of_work(engine, write=False) as session:
        person = session.scalars(select(Person)).one()
        assert (person.family_name, person.given_names, person.given_names_original, person.patronymic) == (
            "Karimov", "Alisher Bakhtiyorovich", "Алишер Бахтиёрович", "Bakhtiyor ugli")
        rows = cases.list_cases(session, actor, CaseQuery(search="Karimov"))
    assert [r.principal_name for r in rows] == ["KARIMOV Alisher Bakhtiyorovich"]
    assert detail.case_number == rows[0].case_number


@pytest.mark.parametrize(("country", "latin", "written", "font"), [
    ("ER", ("Gebremedhin", "Tesfay"), ("ገብረመድህን", "ተስፋይ"), "NotoSansEthiopic"),
    ("TH", ("Jaidee", "Somchai"), ("ใจดี", "สมชาย"), "NotoSansThai"),  # refused before 2026-12-07 too
])
def test_a_tigrinya_or_thai_name_is_registered_and_printed_on_the_declaration(engine, actor, make_case, tmp_path,
                                                                              country, latin, written, font):
    """Eritrean returnees' names in Ge'ez (ተስፋይ ገብረመድህን), and Thai ones (สมชาย ใจดี), were refused: "no font for
    this writing system"."""
    import shutil
    import subprocess

    from avrcase.services.documents import register as documents

    case = make_case(principal=_person(*latin, *written, citizenship=country), country_of_return=country)
    assert _search(engine, actor, written[1]) == [case.case_number]
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id, "en")
        pdf = tmp_path / "declaration.pdf"
        pdf.write_bytes(documents.document_bytes(session, actor, row.id))
    if shutil.which("pdffonts") is None:
        return
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert font in fonts and " ".join(written) in text


def test_a_chinese_given_name_written_as_one_word_or_two_is_a_possible_duplicate(engine, actor, make_case):
    # "WANG Xiaoming" (the passport) and "Wang Xiao Ming" (a referral letter), born the same day, were no
    # possible duplicate: "Xiaoming" was compared with "Xiao" and with "Ming", and with neither as one name.
    wang = _person("Wang", "Xiaoming", citizenship="CN")
    number = make_case(principal=wang, country_of_return="CN").case_number
    assert _duplicates(engine, actor, _retyped(wang, given_names="Xiao Ming")) == [number]
    assert _duplicates(engine, actor, _retyped(wang, given_names="Xiao-Ming")) == [number]
    assert _duplicates(engine, actor, _retyped(wang, given_names="Jianguo")) == []  # another name


def test_a_tamil_name_typed_in_its_script_finds_the_case_written_in_latin_letters(engine, actor, make_case):
    # தர்மலிங்கம் was romanised "trmlinkm" (every consonant's inherent a left out), so searching in Tamil found
    # only cases holding the Tamil spelling, never "THARMALINGAM Sivakumar" as the passport writes it.
    number = make_case(principal=_person("Tharmalingam", "Sivakumar", citizenship="LK"),
                       country_of_return="LK").case_number
    make_case(principal=_person("Thangarajah", "Suresh", citizenship="LK"), country_of_return="LK")
    assert _search(engine, actor, "தர்மலிங்கம்") == [number]
    assert _search(engine, actor, "சிவகுமார்") == [number]


def test_a_chinese_name_is_registered_found_and_printed_in_its_characters(engine, actor, make_case, tmp_path):
    """Chinese returnees' names in Han characters (王 小明) were refused: "no font for this writing system", so
    the name their documents and their family write was nowhere in the file."""
    import shutil
    import subprocess

    from avrcase.services.documents import register as documents

    case = make_case(principal=_person("Wang", "Xiaoming", "王", "小明", citizenship="CN"), country_of_return="CN")
    other = make_case(principal=_person("Ouyang", "Xiuying", "歐陽", "秀英", citizenship="TW"), country_of_return="TW")
    assert _search(engine, actor, "小明") == [case.case_number]
    assert _search(engine, actor, "歐陽秀英") == [other.case_number]
    assert _search(engine, actor, "xiaoming") == [case.case_number]
    if shutil.which("pdffonts") is None:
        return
    for kind in ("declaration", "case-summary"):
        with unit_of_work(engine) as session:
            row = documents.issue_document(session, actor, kind, case.id, "en")
            pdf = tmp_path / f"{kind}.pdf"
            pdf.write_bytes(documents.document_bytes(session, actor, row.id))
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        droid = [line for line in fonts.splitlines() if "DroidSansFallback" in line]
        assert droid and all(" yes " in line for line in droid), fonts  # embedded (a subset)
        assert "王小明" in text, (kind, text)  # written together, as Chinese writes a name


def test_a_bengali_name_is_registered_found_in_either_script_and_printed(engine, actor, make_case, tmp_path):
    """Bangladeshi returnees' names in Bengali (মোহাম্মদ রহিম) were refused: "no font for this writing system"."""
    import shutil
    import subprocess

    from avrcase.services.documents import register as documents

    rahim = _person("Rahim", "Mohammad", "রহিম", "মোহাম্মদ", citizenship="BD")
    case = make_case(principal=rahim, country_of_return="BD")
    make_case(principal=_person("Rahman", "Abdur", "রহমান", "আব্দুর", citizenship="BD"), country_of_return="BD")
    assert _search(engine, actor, "রহিম") == [case.case_number]
    assert _search(engine, actor, "মোহাম্মদ রহিম") == [case.case_number]
    # The passport's spelling typed again without the Bengali, and the Bengali typed without the Latin spelling.
    assert _duplicates(engine, actor, _retyped(rahim, family_name="RAHIM", given_names="MOHAMMAD",
                                               family_name_original="", given_names_original="")) == [case.case_number]
    assert _duplicates(engine, actor, _retyped(rahim, family_name="Rahim", given_names="Mohammed",
                                               family_name_original="", given_names_original="")) == [case.case_number]
    if shutil.which("pdffonts") is None:
        return
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id, "en")
        pdf = tmp_path / "declaration.pdf"
        pdf.write_bytes(documents.document_bytes(session, actor, row.id))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "NotoSansBengali" in fonts and "RAHIM Mohammad" in text


def test_a_family_name_with_particles_is_found_written_apart_or_together(engine, actor, make_case):
    # "Vanderberg" and "vanderBerg" typed in the search box found no "van der Berg", though the duplicate check
    # read them as one name; "N'Diaye" found no "N Diaye" as a referral letter wrote it.
    berg = make_case(principal=_person("van der Berg", "Jan", citizenship="NL"), country_of_return="NL").case_number
    diaye = make_case(principal=_person("N Diaye", "Awa", citizenship="SN"), country_of_return="SN").case_number
    cruz = make_case(principal=_person("De la Cruz", "Maria", citizenship="PH"), country_of_return="PH").case_number
    make_case(principal=_person("Berger", "Anna", citizenship="DE"), country_of_return="DE")
    for typed in ("Vanderberg", "vanderBerg", "Van Der Berg", "VANDERBERG Jan"):
        assert _search(engine, actor, typed) == [berg], typed
    for typed in ("N'Diaye", "Ndiaye", "NDIAYE Awa"):
        assert _search(engine, actor, typed) == [diaye], typed
    assert _search(engine, actor, "Delacruz") == [cruz]


def test_a_family_name_s_particle_prints_as_typed_on_papers_and_in_the_case_file(engine, actor, make_case, tmp_path):
    """"bin Abdullah" typed in the family-name field printed BIN ABDULLAH on every paper (and in the case list and
    the case file's heading): the name is in capitals to mark the family name, its particle stays as typed."""
    import shutil
    import subprocess

    from avrcase.services.cases import case_file
    from avrcase.services.documents import register as documents

    case = make_case(principal=_person("bin Abdullah", "Ahmad", citizenship="MY"), country_of_return="MY")
    with unit_of_work(engine, write=False) as session:
        assert case_file.get_case(session, actor, case.id).principal.full_name == "bin ABDULLAH Ahmad"
        assert [r.principal_name for r in cases.list_cases(session, actor, CaseQuery(search="Abdullah"))] == [
            "bin ABDULLAH Ahmad"]
    if shutil.which("pdftotext") is None:
        return
    for kind in ("declaration", "case-summary"):
        with unit_of_work(engine) as session:
            row = documents.issue_document(session, actor, kind, case.id, "en")
            pdf = tmp_path / f"{kind}.pdf"
            pdf.write_bytes(documents.document_bytes(session, actor, row.id))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "bin ABDULLAH" in text and "BIN ABDULLAH" not in text, (kind, text)


def test_a_korean_name_is_registered_found_and_printed_in_hangul(engine, actor, make_case, tmp_path):
    """김 민준 was refused at entry ("no font for this writing system"): Droid Sans Fallback has 3 of Hangul's 11,172
    syllables. Nanum Gothic prints it, written together as Korean writes a name (김민준)."""
    import shutil
    import subprocess

    from avrcase.services.documents import register as documents

    kim = _person("Kim", "Minjun", "김", "민준", citizenship="KR")
    case = make_case(principal=kim, country_of_return="KR")
    assert _search(engine, actor, "김민준") == [case.case_number]
    assert _search(engine, actor, "민준") == [case.case_number]
    korean_only = make_case(principal=_person("", "Seoyeon", "박", "서연", citizenship="KR"), country_of_return="KR")
    assert _search(engine, actor, "Park Seoyeon") == [korean_only.case_number]
    assert _duplicates(engine, actor, _retyped(kim, family_name="", given_names="", family_name_original="김",
                                               given_names_original="민준")) == [case.case_number]
    if shutil.which("pdffonts") is None:
        return
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "case-summary", case.id, "en")
        pdf = tmp_path / "case-summary.pdf"
        pdf.write_bytes(documents.document_bytes(session, actor, row.id))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "NanumGothic" in fonts and "김민준" in text


def test_an_azerbaijani_name_typed_with_e_for_its_schwa_is_a_possible_duplicate(engine, actor, make_case):
    # Ə typed as E on a keyboard without it (MEMMEDOV ELI) was no possible duplicate of Məmmədov Əli born the same
    # day (0.42: ə was read only as a, as the passport's machine-readable zone writes MAMMADOV).
    ali = _person("Məmmədov", "Əli", citizenship="AZ")
    number = make_case(principal=ali, country_of_return="AZ").case_number
    assert _duplicates(engine, actor, _retyped(ali, family_name="MEMMEDOV", given_names="ELI")) == [number]
    assert _duplicates(engine, actor, _retyped(ali, family_name="Mammadov", given_names="Ali")) == [number]
    assert _search(engine, actor, "Memmedov Eli") == [number]

