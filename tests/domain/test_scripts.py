"""Names are refused when the documents could not print them; the fonts really cover what the rules allow."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from avrcase.documents.fonts import font_files
from avrcase.domain.errors import ValidationError
from avrcase.domain.scripts import WRITING_SYSTEMS, unprintable_characters
from avrcase.domain.validation import validate_person
from tests.conftest import make_person
from tests.documents.test_scripts import SAMPLES

TODAY = dt.date(2026, 12, 4)



@pytest.mark.parametrize("system", WRITING_SYSTEMS, ids=lambda s: s.key)
@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_the_shipped_font_has_every_character_the_rules_accept(system, weight):
    folder = resources.files("avrcase.resources") / "fonts"
    with resources.as_file(folder / font_files(system)[weight == "Bold"]) as path:
        cmap = TTFont(f"probe-{system.key}-{weight}", str(path)).face.charToGlyph
    missing = [f"U+{code:04X}" for low, high in system.ranges for code in range(low, high + 1)
               if unicodedata.category(chr(code)) not in ("Cn", "Cc", "Cf", "Co", "Cs") and code not in cmap]
    assert not missing, missing


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_every_sample_name_is_accepted(language):
    assert unprintable_characters(SAMPLES[language][0]) == []


@pytest.mark.parametrize("name", ["ᏣᎳᎩ", "Nguyễn Ꮳ", "ꦱꦸꦏꦂꦤ", "𠀋"])  # Cherokee, Javanese, an ideograph of Ext. B
def test_a_name_no_font_prints_is_refused_with_a_clear_message(name):
    form = dataclasses.replace(make_person(), family_name_original=name)
    with pytest.raises(ValidationError) as raised:
        validate_person(form, TODAY)
    message = raised.value.errors["family_name_original"]
    assert "cannot print" in message and "Latin letters" in message


@pytest.mark.parametrize(("name", "words"), [
    ("😀 Ali", "cannot hold emoji or other symbols: “😀” (GRINNING FACE)"),
    ("Ali 👍🏽", "“👍” (THUMBS UP SIGN), “🏽” (EMOJI MODIFIER FITZPATRICK TYPE-4)"),
    ("©Ali", "“©” (COPYRIGHT SIGN)"),
    ("Ali2", "cannot hold digits: “2” (DIGIT TWO)"), ("علي ٢", "“٢” (ARABIC-INDIC DIGIT TWO)"),
    ("Hassan\u00adov", "invisible characters, probably copied along with it from another program: SOFT HYPHEN"),
    ("Ali\u200bHassan", "ZERO WIDTH SPACE"),
])
def test_digits_emoji_and_pasted_invisibles_are_refused_saying_what_they_are(name, words):
    """"😀 Ali" was refused as a script no font prints ("type the name in Latin letters"), "Ali2" and "Hassan­ov" pasted
    with Word's soft hyphen were registered (the hyphen cut the name in two words for the search)."""
    form = dataclasses.replace(make_person(), given_names=name)
    with pytest.raises(ValidationError) as raised:
        validate_person(form, TODAY)
    message = raised.value.errors["given_names"]
    assert words in message and "no font" not in message


def test_a_name_with_a_direction_override_is_refused_as_holding_invisible_characters():
    form = dataclasses.replace(make_person(), family_name_original="ქ\u202eილა")
    with pytest.raises(ValidationError) as raised:
        validate_person(form, TODAY)
    message = raised.value.errors["family_name_original"]
    assert "invisible characters" in message and "RIGHT-TO-LEFT OVERRIDE" in message and "\u202e" not in message


def test_the_message_names_the_character():
    form = dataclasses.replace(make_person(), given_names="Ali Ꮳ")
    with pytest.raises(ValidationError) as raised:
        validate_person(form, TODAY)
    assert "“Ꮳ” (CHEROKEE LETTER TSA)" in raised.value.errors["given_names"]


def test_a_chinese_name_is_accepted_in_the_original_script_fields():
    """Chinese returnees' names are kept as their documents write them (Han characters, simplified and
    traditional), beside the Latin spelling of the passport."""
    form = dataclasses.replace(make_person(), family_name="WANG", given_names="Xiaoming", family_name_original="王",
                               given_names_original="小明")
    validate_person(form, TODAY)
    assert unprintable_characters("歐陽秀英 欧阳秀英 佐々木") == []


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=20))
def test_whatever_is_accepted_has_a_shipped_script(text):
    for char in text:
        if char not in unprintable_characters(text) and char not in "\u200c\u200d\n\t":
            assert any(char in system for system in WRITING_SYSTEMS)
