"""Wording files: the fixed texts of the declaration and the bilingual documents, one file per language.

Two kinds of file ship in ``resources``: ``declarations/<lang>.json`` (the declaration with its consent
and data-protection text) and ``documents/<lang>.json`` (``common`` labels, one block per document —
``itinerary``, ``allowance_receipt``, ``reintegration_plan`` — and ``terms``). An office may replace any
of them with its own file (kept in the store); a :class:`WordingCatalog` answers which text a document
prints. Each file carries a ``status``: ``draft`` until someone qualified has reviewed the translation.
Imported files are checked against the English file of the same kind, so a foreign or damaged file is
refused with a message saying what is wrong, before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources

from avrcase.domain.errors import ValidationError
from avrcase.i18n import N_, _

DECLARATION = "declaration"
DOCUMENTS = "documents"
#: Kind of wording file -> the folder of ``resources`` it ships in.
KINDS = {DECLARATION: "declarations", DOCUMENTS: "documents"}
#: The blocks of a documents file, one per bilingual document (a file may leave some out).
DOCUMENT_SECTIONS = ("itinerary", "allowance_receipt", "reintegration_plan")
SOURCE_LANGUAGE = "en"
#: Texts of a documents file's ``frame`` block that an office's file may leave out (it was exported before they
#: existed): the shipped file's text in that language prints instead, else English.
OPTIONAL_FRAME_KEYS = ("office_copy",)
#: Terms an office's documents file may leave out (exported before they existed): the shipped file's term in that
#: language prints instead, else English.
OPTIONAL_TERMS = {"assistance_status": ("not_requested",)}

DRAFT = "draft"
REVIEWED = "reviewed"
STATUSES = (DRAFT, REVIEWED)
STATUS_LABELS = {DRAFT: N_("draft, not yet reviewed"), REVIEWED: N_("reviewed")}

#: The largest wording file accepted for import (the English declaration is about 5 KB).
MAX_FILE_BYTES = 256 * 1024

#: Lines of the letterhead's address block: with phone, e-mail and website below it, a fourth line would
#: run into the rule under the letterhead.
LETTERHEAD_MAX_LINES = 3
#: Characters of one letterhead line (the block is 60 mm wide at 7.5 pt).
LETTERHEAD_MAX_CHARS = 48
#: Lines of the footer note below the page numbers; a third would fall off the page.
FOOTER_MAX_LINES = 2
#: Characters of one footer line (the whole text width at 8 pt).
FOOTER_MAX_CHARS = 110
ORGANISATION_MAX_CHARS = 120
PHONE_MAX_CHARS = 40


def _canonical(data: Mapping) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content_hash(data: Mapping) -> str:
    """SHA-256 of the file's content (canonical JSON without its ``status``): what a review vouches for."""
    body = {k: v for k, v in data.items() if k != "status"}
    return hashlib.sha256(_canonical(body)).hexdigest()


def shipped_languages(kind: str) -> tuple[str, ...]:
    """Languages with a shipped file of ``kind``."""
    folder = resources.files("avrcase.resources") / KINDS[kind]
    return tuple(sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")))


@functools.cache
def shipped_file(kind: str, lang: str) -> dict | None:
    """The shipped file of ``kind`` for ``lang``, or ``None`` when the app ships none."""
    path = resources.files("avrcase.resources") / KINDS[kind] / f"{lang}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def file_status(data: Mapping) -> str:
    """The ``status`` a file declares; files written before statuses existed (en, lt, ru) count as reviewed."""
    status = data.get("status", REVIEWED)
    return status if status in STATUSES else DRAFT


# ---------------------------------------------------------------- checking a file


def _fields(text: str) -> set[str]:
    """The ``{placeholders}`` of a text; ``ValueError`` for broken braces."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def _check_texts(where: str, mine: object, english: object, allowed: set[str], problems: list[str]) -> None:
    """``mine`` has every key of ``english`` (recursively) with text of the same shape and known placeholders."""
    if isinstance(english, Mapping):
        if not isinstance(mine, Mapping):
            problems.append(_("“%(where)s” must be a group of texts.") % {"where": where})
            return
        missing = [k for k in english if k not in mine]
        if missing:
            problems.append(_("“%(where)s” lacks %(keys)s.") % {"where": where, "keys": ", ".join(missing[:5])})
        for key in english:
            if key in mine:
                _check_texts(f"{where}.{key}" if where else key, mine[key], english[key], allowed, problems)
    elif isinstance(english, list):
        if not isinstance(mine, list) or len(mine) != len(english):
            problems.append(_("“%(where)s” must have %(n)d entries, as the English file has.")
                            % {"where": where, "n": len(english)})
            return
        for index, (a, b) in enumerate(zip(mine, english), start=1):
            _check_texts(f"{where}[{index}]", a, b, allowed, problems)
    elif isinstance(english, str):
        if not isinstance(mine, str) or not mine.strip():
            problems.append(_("“%(where)s” must be a text.") % {"where": where})
            return
        try:
            unknown = _fields(mine) - allowed
        except ValueError:
            problems.append(_("“%(where)s” has a stray { or }.") % {"where": where})
            return
        if unknown:
            problems.append(_("“%(where)s” uses unknown placeholders: %(names)s.")
                            % {"where": where, "names": ", ".join("{" + n + "}" for n in sorted(unknown))})
    elif mine != english and not isinstance(mine, type(english)):
        problems.append(_("“%(where)s” has the wrong kind of value.") % {"where": where})


def _check_frame(mine: object, english: Mapping, problems: list[str]) -> None:
    """Each text of the ``frame`` block uses only the placeholders of its English text (they are filled one by one)."""
    known = _placeholders(english)
    if isinstance(mine, Mapping):
        english = {k: v for k, v in english.items() if k in mine or k not in OPTIONAL_FRAME_KEYS}
    _check_texts("frame", mine, english, known, problems)  # says which names no frame text knows
    if not isinstance(mine, Mapping):
        return
    for key, reference in english.items():
        text = mine.get(key)
        try:
            unknown = (_fields(text) - _fields(reference)) & known if isinstance(text, str) else set()
        except ValueError:
            continue  # said above
        if unknown:
            problems.append(_("“%(where)s” uses unknown placeholders: %(names)s.")
                            % {"where": f"frame.{key}", "names": ", ".join("{" + n + "}" for n in sorted(unknown))})


def _placeholders(english: object) -> set[str]:
    if isinstance(english, Mapping):
        return set().union(*(_placeholders(v) for v in english.values())) if english else set()
    if isinstance(english, list):
        return set().union(*(_placeholders(v) for v in english)) if english else set()
    return _fields(english) if isinstance(english, str) else set()


def guess_kind(data: Mapping) -> str | None:
    """Which kind of wording file ``data`` looks like (its ``kind`` when given), or ``None``."""
    kind = data.get("kind")
    if kind in KINDS:
        return kind
    if "common" in data and any(s in data for s in DOCUMENT_SECTIONS):
        return DOCUMENTS
    if "statements" in data and "labels" in data:
        return DECLARATION
    return None


def parse_wording_file(raw: bytes, *, is_language: Callable[[str], bool] = lambda code: True) -> tuple[str, str, dict]:
    """(kind, language, data) of an imported wording file; ``ValidationError`` saying what is wrong.

    The file must be UTF-8 JSON shaped like the English file of its kind: every label, statement and
    term of the English file present, the same number of statements, no placeholder the app does not
    fill in. A documents file may leave out whole document blocks (that document is then not printed
    in its language).
    """
    def refuse(message: str) -> ValidationError:
        return ValidationError({"file": message})

    if len(raw) > MAX_FILE_BYTES:
        raise refuse(_("The file is larger than a wording file can be (%(kb)d KB at most).") % {"kb": MAX_FILE_BYTES // 1024})
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise refuse(_("This is not a wording file: it is not JSON text in UTF-8. Nothing was changed.")) from None
    kind = guess_kind(data) if isinstance(data, dict) else None
    if kind is None:
        raise refuse(_("This is not an avrcase wording file (a declaration or documents file exported from the "
                       "office profile). Nothing was changed."))
    lang = data.get("language")
    if not isinstance(lang, str) or not lang.strip() or not is_language(lang.strip()):
        raise refuse(_("The file does not say which language it is in (“language”: a code such as ka or uk). "
                       "Nothing was changed."))
    lang = lang.strip()
    english = shipped_file(kind, SOURCE_LANGUAGE)
    problems: list[str] = []
    allowed = _placeholders(english)
    if kind == DOCUMENTS:
        sections = [s for s in DOCUMENT_SECTIONS if s in data]
        if not sections:
            problems.append(_("The file has none of the document blocks: %(blocks)s.") % {"blocks": ", ".join(DOCUMENT_SECTIONS)})
        _check_texts("common", data.get("common"), english["common"], allowed, problems)
        if "frame" in data:  # the page footer and notes; files exported before it existed print them in English
            _check_frame(data["frame"], english["frame"], problems)
        for section in sections:
            _check_texts(section, data[section], english[section], allowed, problems)
        _check_terms(data, english, sections, allowed, problems)
    else:
        forms = data.get("forms", {})
        if not isinstance(forms, Mapping) or not all(
                isinstance(v, Mapping) and all(isinstance(v.get(sex), str) for sex in ("M", "F", "U")) for v in forms.values()):
            problems.append(_("“forms” must give each word as M, F and U texts."))
            forms = {}
        allowed = allowed | set(forms)  # a language's gendered words are placeholders of its own texts
        skip = ("language", "status", "kind", "household_statement", "_keys", "counted", "forms")
        reference = {k: v for k, v in english.items() if k not in skip}
        _check_texts("", data, reference, allowed, problems)
        for key in english.get("counted", {}):
            counted = data.get("counted", {}).get(key) if isinstance(data.get("counted"), Mapping) else None
            if not isinstance(counted, Mapping) or not isinstance(counted.get("other"), str):
                problems.append(_("“counted.%(key)s” must give at least the “other” form.") % {"key": key})
        if data.get("household_statement") != english.get("household_statement"):
            problems.append(_("“household_statement” must be %(n)s, as in the English file.")
                            % {"n": english.get("household_statement")})
    if problems:
        shown = problems[:4]
        more = len(problems) - len(shown)
        text = " ".join(shown) + (" " + _("(and %(n)d more)") % {"n": more} if more else "")
        raise refuse(_("The %(kind)s file for “%(lang)s” does not match the English one: %(problems)s Nothing was changed.")
                     % {"kind": kind, "lang": lang, "problems": text})
    data["status"] = file_status(data) if "status" in data else DRAFT
    data["kind"] = kind
    return kind, lang, data


def _check_terms(data: Mapping, english: Mapping, sections: Iterable[str], allowed: set[str], problems: list[str]) -> None:
    """The vocabularies the given document blocks use must be complete."""
    needed = {"itinerary": ("travel_mode", "assistance_kind", "assistance_status"),
              "allowance_receipt": ("payment_method",),
              "reintegration_plan": ("item_category", "modality", "item_status", "plan_status", "dimension")}
    terms = data.get("terms")
    if not isinstance(terms, Mapping):
        problems.append(_("“terms” must be a group of texts."))
        return
    for section in sections:
        for vocabulary in needed.get(section, ()):
            if vocabulary in english["terms"]:
                mine, reference = terms.get(vocabulary), english["terms"][vocabulary]
                if isinstance(mine, Mapping):
                    reference = {k: v for k, v in reference.items() if k in mine or k not in OPTIONAL_TERMS.get(vocabulary, ())}
                _check_texts(f"terms.{vocabulary}", mine, reference, allowed, problems)


def _valid(kind: str, data: Mapping) -> bool:
    try:
        parse_wording_file(_canonical(data))
    except ValidationError:
        return False
    return True


# ---------------------------------------------------------------- the catalog


@dataclass(frozen=True)
class OfficeWording:
    """What the store holds for one (kind, language): the office's own file and/or a review record."""

    kind: str
    language: str
    data: Mapping | None = None  # the office's own file; None = the shipped file
    reviewed_by: str = ""
    reviewed_on: dt.date | None = None
    reviewed_sha256: str = ""


@dataclass(frozen=True)
class WordingEntry:
    """One wording file as the app will print it, with where it comes from and its review status."""

    kind: str
    language: str
    data: Mapping = field(repr=False)
    source: str  # "shipped" or "office"
    status: str  # draft or reviewed
    reviewed_by: str = ""
    reviewed_on: dt.date | None = None
    sha256: str = ""
    outdated: bool = False  # the office's file no longer matches this version's English file: not used

    @property
    def draft(self) -> bool:
        """Whether the translation still waits for a review."""
        return self.status != REVIEWED

    def has(self, section: str) -> bool:
        """Whether this file can print ``section`` (``declaration`` or a documents block)."""
        return self.kind == DECLARATION or section in self.data


@dataclass(frozen=True)
class WordingCatalog:
    """The shipped wording files with the office's own files and reviews laid over them."""

    office: tuple[OfficeWording, ...] = ()

    @functools.cached_property
    def _office(self) -> dict[tuple[str, str], OfficeWording]:
        return {(w.kind, w.language): w for w in self.office}

    @functools.cached_property
    def _cache(self) -> dict[tuple[str, str], WordingEntry | None]:
        return {}

    def entry(self, kind: str, lang: str) -> WordingEntry | None:
        """The file ``kind`` for ``lang`` that documents print, or ``None`` when there is none."""
        key = (kind, lang)
        if key not in self._cache:
            self._cache[key] = self._entry(kind, lang)
        return self._cache[key]

    def _entry(self, kind: str, lang: str) -> WordingEntry | None:
        own = self._office.get((kind, lang))
        shipped = shipped_file(kind, lang)
        outdated = False
        if own is not None and own.data is not None:
            if _valid(kind, own.data):
                data, source = own.data, "office"
            else:
                data, source, outdated = shipped, "shipped", True
        else:
            data, source = shipped, "shipped"
        if data is None:
            return None
        sha = content_hash(data)
        status = DRAFT if source == "office" else file_status(data)
        by, on = "", None
        if own is not None and own.reviewed_on is not None and own.reviewed_sha256 == sha:
            status, by, on = REVIEWED, own.reviewed_by, own.reviewed_on
        return WordingEntry(kind, lang, data, source, status, by, on, sha, outdated)

    def file(self, kind: str, lang: str) -> Mapping | None:
        """The file's content, or ``None``."""
        entry = self.entry(kind, lang)
        return entry.data if entry else None

    def languages(self, kind: str) -> tuple[str, ...]:
        """Every language with a file of ``kind``, shipped or the office's own."""
        codes = set(shipped_languages(kind)) | {w.language for w in self.office if w.kind == kind and w.data is not None}
        return tuple(sorted(codes))

    def printable(self, section: str) -> tuple[str, ...]:
        """Languages ``section`` (``declaration``, ``itinerary``, ``allowance_receipt``…) can be printed in."""
        kind = DECLARATION if section == DECLARATION else DOCUMENTS
        return tuple(code for code in self.languages(kind) if (e := self.entry(kind, code)) and e.has(section))

    def entries(self) -> list[WordingEntry]:
        """Every file of every kind, for the office profile's list."""
        return [e for kind in KINDS for code in self.languages(kind) if (e := self.entry(kind, code))]


#: The shipped files alone (documents built without a store, tests).
SHIPPED = WordingCatalog()


def export_bytes(entry: WordingEntry) -> bytes:
    """The file as an office edits it: indented UTF-8 JSON with its kind, language and status."""
    data = {"kind": entry.kind, "language": entry.language, "status": entry.status,
            **{k: v for k, v in entry.data.items() if k not in ("kind", "language", "status")}}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------- letterhead limits


def check_lines(errors: dict[str, str], name: str, text: str, max_lines: int, max_chars: int) -> None:
    """Put a message in ``errors[name]`` when ``text`` has more than ``max_lines`` lines or a line too long."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > max_lines:
        errors[name] = _("At most %(lines)d lines fit here (this has %(n)d): join or shorten lines so none falls "
                         "off the page.") % {"lines": max_lines, "n": len(lines)}
        return
    longest = max((len(line.strip()) for line in lines), default=0)
    if longest > max_chars:
        errors[name] = _("A line here may have at most %(chars)d characters (one has %(n)d): break it in two or "
                         "shorten it.") % {"chars": max_chars, "n": longest}


def check_line(errors: dict[str, str], name: str, text: str, max_chars: int) -> None:
    """Put a message in ``errors[name]`` when the one-line ``text`` is longer than ``max_chars``."""
    if "\n" in text.strip():
        errors[name] = _("This must be one line.")
    elif len(text.strip()) > max_chars:
        errors[name] = _("At most %(chars)d characters fit here (this has %(n)d).") % {"chars": max_chars, "n": len(text.strip())}
