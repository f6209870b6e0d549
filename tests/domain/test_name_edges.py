"""A name part's ends: pasted invisible characters are dropped without a word, stray punctuation is refused in
words a counsellor understands, and real names with apostrophes, hyphens and initials pass."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from avrcase.domain.names import composed_name
from avrcase.domain.validation import name_problem

ZWNJ, ZWJ, BOM, LRM, RLM = "\u200c", "\u200d", "\ufeff", "\u200e", "\u200f"
PAIRS = Path(__file__).parents[1] / "data" / "name_pairs.csv"


@pytest.mark.parametrize("pasted", [ZWJ + "Ali", "Ali" + ZWNJ, BOM + "Ali", "Ali" + LRM, RLM + "Ali " + LRM,
                                    "\u2066Ali\u2069", " \u200bAli\u00ad "])
def test_invisible_characters_at_the_ends_are_dropped_silently(pasted):
    assert name_problem(pasted) is None
    assert composed_name(pasted) == "Ali"


def test_a_joiner_inside_a_name_stays():
    alireza = "علی" + ZWNJ + "رضا"  # Persian writes Alireza with a non-joiner between its parts
    assert name_problem(RLM + alireza + ZWNJ) is None
    assert composed_name(RLM + alireza + ZWNJ) == alireza
    sinhala = "ශ්" + ZWJ + "රී"  # Sinhala's yansaya needs a joiner inside
    assert name_problem(sinhala) is None and composed_name(sinhala) == sinhala


@pytest.mark.parametrize(("typed", "message"), [
    ("-Ali", "A name cannot start with “-”."),
    ("@Ali", "A name cannot start with “@”."),
    (ZWJ + "#Ali", "A name cannot start with “#”."),
    (".Nino", "A name cannot start with “.”."),
    ("^Nino", "A name cannot start with “^”."),
    ("Beridze-", "A name cannot end with “-”."),
    ("Nino,", "A name cannot end with “,”."),
    ("Nino;" + LRM, "A name cannot end with “;”."),
    ("(Ali)", "A name cannot start with “(”."),
])
def test_punctuation_at_an_end_is_refused_in_plain_words(typed, message):
    problem = name_problem(typed)
    assert problem is not None and problem.startswith(message)
    assert "travel document" in problem


@pytest.mark.parametrize("name", ["O'Brien", "ʻOkeke", "D’Angelo", "N’Diaye", "Jean-Luc", "St. John", "Al-Hassan",
                                  "Ge'ez", "D`Angelo", "‘Ali", "Sa'id'", "John F.", "ʿAbd al-Raḥmān", "ג׳ורג׳",
                                  "ግርማ", "ገብረ'ሚካኤል", "สมชาย", "ใจดี", "Ñúñez", "Ҳасанов", "Zoë"])
def test_real_names_pass(name):
    assert name_problem(name) is None


def test_every_name_of_the_test_data_passes():
    with PAIRS.open(encoding="utf-8") as f:
        names = {row[key] for row in csv.DictReader(f) for key in row if key[2:] in (
            "family", "given", "family_original", "given_original")}
    refused = {n: name_problem(n) for n in names if name_problem(n)}
    assert len(names) > 300 and refused == {}
