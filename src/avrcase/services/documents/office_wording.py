"""The office's own wording files: list, export, import, mark reviewed, go back to the shipped file.

Every change is a row of ``office_wordings`` in the store (so every client of an office server prints
the same text, backups carry it and the audit trail records it field by field, like any other change
of the office profile). An imported file is checked against the English file of its kind first; a
foreign or damaged file changes nothing. An imported or edited file is a draft until it is marked
reviewed again: the review vouches for the exact content (its hash).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain import wording as w
from avrcase.domain.errors import NotFoundError, ValidationError
from avrcase.i18n import _
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services.office import is_known_language, wording_catalog
from avrcase.services.permissions import Permission, require, require_actor, require_any
from avrcase.store.models import OfficeWordingRecord

REVIEWER_MAX_CHARS = 120


@dataclass(frozen=True)
class WordingRow:
    """One wording file in the office profile's list."""

    kind: str  # declaration / documents
    language: str
    source: str  # shipped / office
    status: str  # draft / reviewed
    reviewed_by: str
    reviewed_on: dt.date | None
    sections: tuple[str, ...]  # the documents it can print
    outdated: bool  # the office's file no longer fits this version and is not used


def _row(entry: w.WordingEntry) -> WordingRow:
    sections = (w.DECLARATION,) if entry.kind == w.DECLARATION else tuple(s for s in w.DOCUMENT_SECTIONS if s in entry.data)
    return WordingRow(entry.kind, entry.language, entry.source, entry.status, entry.reviewed_by, entry.reviewed_on,
                      sections, entry.outdated)


def _check_kind(kind: str) -> None:
    if kind not in w.KINDS:
        raise ValidationError({"kind": _("There is no kind of wording file “%(kind)s”; choose one of: %(kinds)s.")
                               % {"kind": kind, "kinds": ", ".join(w.KINDS)}})


def _entry(session: Session, kind: str, lang: str) -> w.WordingEntry:
    _check_kind(kind)
    entry = wording_catalog(session).entry(kind, lang)
    if entry is None:
        raise NotFoundError(_("There is no %(kind)s wording in “%(lang)s”.") % {"kind": kind, "lang": lang})
    return entry


def _record(session: Session, kind: str, lang: str) -> OfficeWordingRecord | None:
    return session.scalars(select(OfficeWordingRecord).where(
        OfficeWordingRecord.kind == kind, OfficeWordingRecord.language == lang)).one_or_none()


def list_wordings(session: Session, actor: Actor | None) -> list[WordingRow]:
    """Every wording file the documents can print, shipped or the office's own, with its review status.

    Reading, open to every signed-in role like the office profile it belongs to (``get_office_profile``: every
    letterhead prints it); changing a file needs ``OFFICE_EDIT``.
    """
    require_actor(actor)
    return [_row(e) for e in wording_catalog(session).entries()]


def export_wording(session: Session, actor: Actor | None, kind: str, lang: str) -> bytes:
    """The file documents print for ``kind`` and ``lang``, as UTF-8 JSON an office can edit and import."""
    require_any(actor, Permission.OFFICE_EDIT, Permission.DOCUMENT_ISSUE)
    return w.export_bytes(_entry(session, kind, lang))


def import_wording(session: Session, actor: Actor | None, raw: bytes) -> WordingRow:
    """Keep the file in the store as the office's own wording for its kind and language (a draft)."""
    require(actor, Permission.OFFICE_EDIT)
    kind, lang, data = w.parse_wording_file(raw, is_language=is_known_language)
    data["status"] = w.DRAFT  # a review vouches for content it has seen: mark it reviewed after reading it
    record = _record(session, kind, lang) or OfficeWordingRecord(kind=kind, language=lang)
    record.content = json.dumps(data, ensure_ascii=False, sort_keys=True)
    session.add(record)
    session.flush()
    return _row(_entry(session, kind, lang))


def remove_wording(session: Session, actor: Actor | None, kind: str, lang: str) -> None:
    """Drop the office's own file (and its review): documents print the shipped file again, or none."""
    require(actor, Permission.OFFICE_EDIT)
    _check_kind(kind)
    record = _record(session, kind, lang)
    if record is None or record.content is None:
        raise NotFoundError(_("The office has no %(kind)s wording of its own in “%(lang)s”.") % {"kind": kind, "lang": lang})
    session.delete(record)
    session.flush()


def mark_reviewed(session: Session, actor: Actor | None, kind: str, lang: str, reviewer: str,
                  on: dt.date | None = None) -> WordingRow:
    """Record that ``reviewer`` checked the translation on ``on`` (default today): no draft note any more."""
    require(actor, Permission.OFFICE_EDIT)
    entry = _entry(session, kind, lang)
    reviewer = reviewer.strip()
    errors = {}
    if not reviewer:
        errors["reviewer"] = _("Please enter the name of the person who reviewed the translation.")
    elif len(reviewer) > REVIEWER_MAX_CHARS or "\n" in reviewer:
        errors["reviewer"] = _("The reviewer's name is one line of at most %(n)d characters.") % {"n": REVIEWER_MAX_CHARS}
    today = clock_of(session).today()
    on = on or today
    if on > today:
        errors["reviewed_on"] = _("A review cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    record = _record(session, kind, lang) or OfficeWordingRecord(kind=kind, language=lang, content=None)
    record.reviewed_by, record.reviewed_on, record.reviewed_sha256 = reviewer, on, entry.sha256
    session.add(record)
    session.flush()
    return _row(_entry(session, kind, lang))


def mark_draft(session: Session, actor: Actor | None, kind: str, lang: str) -> WordingRow:
    """Withdraw the office's review: the translation prints as a draft again."""
    require(actor, Permission.OFFICE_EDIT)
    _entry(session, kind, lang)
    record = _record(session, kind, lang)
    if record is not None and record.reviewed_on is not None:
        record.reviewed_by, record.reviewed_on, record.reviewed_sha256 = "", None, ""
        if record.content is None:
            session.delete(record)
        session.flush()
    return _row(_entry(session, kind, lang))
