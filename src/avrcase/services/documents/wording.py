"""The wording of the bilingual documents (itinerary, allowance receipt, reintegration plan).

Like the declaration, these documents print in the office language and beside it in a language
the returnee reads; their texts live in ``resources/documents/<lang>.json`` (a ``common`` block of
labels, one block per document, and ``terms`` for vocabularies), so a language can be added without
a translation catalog, and an office can lay its own file over a shipped one (``WordingCatalog``,
carried by the office profile). A file may hold only some documents' blocks. English stands in for
an office language that has no file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from importlib import resources

from avrcase.documents.base import missing_glyphs
from avrcase.documents.bilingual import Wording
from avrcase.domain.wording import DECLARATION, DOCUMENT_SECTIONS, DOCUMENTS, SHIPPED, WordingCatalog, shipped_file

FALLBACK_LANGUAGE = "en"


def wording_files() -> list:
    """The shipped wordings, one ``<lang>.json`` each."""
    folder = resources.files("avrcase.resources") / "documents"
    return sorted((p for p in folder.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)


def wording_file(lang: str) -> dict | None:
    """The shipped wording file for ``lang``, or ``None`` when there is none."""
    return shipped_file(DOCUMENTS, lang)


def _texts(data: object) -> list[str]:
    if isinstance(data, Mapping):
        return [t for v in data.values() for t in _texts(v)]
    if isinstance(data, list):
        return [t for v in data for t in _texts(v)]
    return [data] if isinstance(data, str) else []


@functools.cache
def _has_every_glyph(key: str, text: str) -> bool:
    return not missing_glyphs(text)


def drawable(catalog: WordingCatalog, section: str, lang: str) -> bool:
    """Whether ``lang``'s wording of ``section`` exists and a shipped font has every character of it.

    A script without a font would print as nothing: such a language is not offered, and a returnee who
    reads only it gets the document in the office language alone.
    """
    kind = DECLARATION if section == DECLARATION else DOCUMENTS
    entry = catalog.entry(kind, lang)
    if entry is None or not entry.has(section):
        return False
    data = entry.data if kind == DECLARATION else {k: v for k, v in entry.data.items() if k in ("common", "frame", section, "terms")}
    return _has_every_glyph(f"{kind}:{lang}:{section}:{entry.sha256}", "".join(_texts(data)))


def _has(catalog: WordingCatalog, lang: str, section: str | None) -> bool:
    return all(drawable(catalog, s, lang) for s in ((section,) if section else DOCUMENT_SECTIONS))


def document_languages(lang: str, spoken: Iterable[str], *, catalog: WordingCatalog = SHIPPED,
                       section: str | None = None) -> tuple[str, ...]:
    """``lang`` (or English when it has no wording), then the first language in ``spoken`` that has one.

    One language only when the returnee reads the first one, or reads none that has a wording.
    ``section`` names the document (``itinerary``…); without it a language needs every document's block.
    """
    first = lang if _has(catalog, lang, section) else FALLBACK_LANGUAGE
    for code in spoken:
        if code == first:
            break
        if _has(catalog, code, section):
            return first, code
    return (first,)


def wording(section: str, lang: str, values: Mapping[str, str] | None = None, *,
            catalog: WordingCatalog = SHIPPED) -> Wording:
    """The ``section`` document's texts in ``lang`` (which must have a file), statements filled with ``values``."""
    data = catalog.file(DOCUMENTS, lang)
    block = data[section]
    labels = {**data["common"], **block["labels"]}
    statements = tuple(s.format(**(values or {})) for s in block.get("statements", ()))
    return Wording(language=lang, title=block["title"], labels=labels, statements=statements, terms=data["terms"])


def wordings(section: str, languages: Iterable[str], values: Mapping[str, str] | None = None, *,
             catalog: WordingCatalog = SHIPPED) -> tuple[Wording, ...]:
    """One :class:`Wording` per language, in the order given."""
    return tuple(wording(section, code, values, catalog=catalog) for code in languages)


def term_in(texts: Iterable[Wording], vocabulary: str, value: str) -> tuple[str, ...]:
    """A vocabulary value in each language of ``texts``; where an office's file lacks it (a term newer than the file),
    the shipped file's term in that language, else the English one, else the raw value."""
    return tuple(_term(t, vocabulary, value) for t in texts)


def _term(text: Wording, vocabulary: str, value: str) -> str:
    for terms in (text.terms, (wording_file(text.language) or {}).get("terms", {}),
                  (wording_file(FALLBACK_LANGUAGE) or {}).get("terms", {})):
        term = terms.get(vocabulary, {}).get(value)
        if isinstance(term, str) and term.strip():
            return term
    return value
