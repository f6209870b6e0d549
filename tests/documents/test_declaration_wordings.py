"""Every declaration wording (``resources/declarations/<lang>.json``) has the keys en.json documents, and
every text fills in with the known placeholders and the file's own gendered words, so a new language
cannot fail at print time."""

from __future__ import annotations

import json
import string

import pytest

from avrcase.services.documents import case_snapshots as snapshots

PLACEHOLDERS = {"name", "organisation", "country", "controller", "dpo_contact", "recipients", "retention",
                "supervisory_authority", "third_parties"}
FILES = snapshots.declaration_files()
ENGLISH = json.loads(next(p for p in FILES if p.name == "en.json").read_text(encoding="utf-8"))


def _texts(wording: dict):
    yield "title", wording["title"]
    for i, text in enumerate(wording["statements"]):
        yield f"statements[{i}]", text
    for key, text in wording["data_protection"].items():
        yield f"data_protection.{key}", text
    for key, text in wording["sharing"].items():
        yield f"sharing.{key}", text


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_wording_has_every_key_and_fills_in(path):
    wording = json.loads(path.read_text(encoding="utf-8"))
    assert wording["language"] == path.name.removesuffix(".json")
    assert set(ENGLISH["labels"]) <= set(wording["labels"])
    assert list(wording["data_protection"]) == list(snapshots.DATA_PROTECTION_PARAGRAPHS)
    assert set(wording["sharing"]) == {"question", "note", "yes", "no"}
    assert "other" in wording["counted"]["years"] and "{n}" in wording["counted"]["years"]["other"]
    assert 0 <= wording["household_statement"] < len(wording["statements"])
    assert len(wording["statements"]) == len(ENGLISH["statements"])
    for word, variants in wording.get("forms", {}).items():
        assert {"M", "F", "U"} <= set(variants), word
    known = PLACEHOLDERS | set(wording.get("forms", {}))
    for where, text in _texts(wording):
        used = {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}
        assert used <= known, (where, used - known)
    for vocabulary in ("sex", "relationship", "document_type"):
        assert set(ENGLISH["terms"][vocabulary]) <= set(wording["terms"][vocabulary]), vocabulary


def test_no_wording_makes_consent_a_condition_of_return():
    for path in FILES:
        text = path.read_text(encoding="utf-8").lower()
        for phrase in ("may not be possible", "gali būti neįmanoma", "может оказаться невозможно"):
            assert phrase not in text, path.name
