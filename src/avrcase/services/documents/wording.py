"""The wording of the bilingual documents (itinerary, allowance receipt, reintegration plan).

Like the declaration, these documents print in the office language and beside it in a language
the returnee reads; their texts live in ``resources/documents/<lang>.json`` (a ``common`` block of
labels, one block per document, and ``terms`` for vocabularies), so a language can be added without
a translation catalog. English stands in for an office language that has no file.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from importlib import resources

from avrcase.documents.bilingual import Wording

FALLBACK_LANGUAGE = "en"


def wording_files() -> list:
    """The shipped wordings, one ``<lang>.json`` each."""
    folder = resources.files("avrcase.resources") / "documents"
    return sorted((p for p in folder.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)


@functools.cache
def wording_file(lang: str) -> dict | None:
    """The wording file for ``lang``, or ``None`` when there is none."""
    path = resources.files("avrcase.resources") / "documents" / f"{lang}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def document_languages(lang: str, spoken: Iterable[str]) -> tuple[str, ...]:
    """``lang`` (or English when it has no wording), then the first language in ``spoken`` that has one.

    One language only when the returnee reads the first one, or reads none that has a wording.
    """
    first = lang if wording_file(lang) else FALLBACK_LANGUAGE
    for code in spoken:
        if code == first:
            break
        if wording_file(code):
            return first, code
    return (first,)


def wording(section: str, lang: str, values: Mapping[str, str] | None = None) -> Wording:
    """The ``section`` document's texts in ``lang`` (which must have a file), statements filled with ``values``."""
    data = wording_file(lang)
    block = data[section]
    labels = {**data["common"], **block["labels"]}
    statements = tuple(s.format(**(values or {})) for s in block.get("statements", ()))
    return Wording(language=lang, title=block["title"], labels=labels, statements=statements, terms=data["terms"])


def wordings(section: str, languages: Iterable[str], values: Mapping[str, str] | None = None) -> tuple[Wording, ...]:
    """One :class:`Wording` per language, in the order given."""
    return tuple(wording(section, code, values) for code in languages)


def term_in(texts: Iterable[Wording], vocabulary: str, value: str) -> tuple[str, ...]:
    """A vocabulary value in each language of ``texts``; the raw value where a language lacks it."""
    return tuple(t.terms.get(vocabulary, {}).get(value, value) for t in texts)
