"""Listings the command line prints (``avrcase case list``, ``avrcase departures``, ``avrcase attachment list``,
``avrcase follow-up list``) go on
the audit trail as every
export does: personal data that left the app, whether to a file or to a terminal or a pipe.

An entry says which listing, how many rows, with which filters and in which format: never a row, and never the
words searched for (they may be a person's name), only whether there were any.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from avrcase.services import audit
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require


def record_case_list(session: Session, actor: Actor | None, *, rows: int, fmt: str, status: str | None,
                     searched: bool, limit: int) -> None:
    """Queue an ``export`` entry for a case listing of ``rows`` cases (``status`` ``None``: every stage; ``limit`` 0:
    no limit)."""
    require(actor, Permission.CASE_READ)
    audit.record(session, actor, audit.Action.EXPORT, entity="case_list", format=fmt, rows=rows, status=status,
                 searched=searched, limit=limit)


def record_departures(session: Session, actor: Actor | None, *, rows: int, fmt: str, date_from: dt.date,
                      date_to: dt.date) -> None:
    """Queue an ``export`` entry for a departures listing of ``rows`` departures in a period."""
    require(actor, Permission.TRAVEL_READ)
    audit.record(session, actor, audit.Action.EXPORT, entity="departures", format=fmt, rows=rows,
                 date_from=date_from, date_to=date_to)


def record_attachment_list(session: Session, actor: Actor | None, *, case_id: int, rows: int) -> None:
    """Queue an ``export`` entry for a listing of a case's ``rows`` attachments (which case, how many: never a file's
    name, which may name a person, nor its contents)."""
    require(actor, Permission.CASE_READ)
    audit.record(session, actor, audit.Action.EXPORT, entity="attachment_list", case_id=case_id, rows=rows)


def record_follow_up_list(session: Session, actor: Actor | None, *, rows: int, done: bool) -> None:
    """Queue an ``export`` entry for the acting person's follow-up listing (``rows`` follow-ups, each with a case
    number and its applicant's name; ``done``: those marked done too). It printed names and left no entry."""
    require(actor, Permission.CASE_READ)
    audit.record(session, actor, audit.Action.EXPORT, entity="follow_up_list", rows=rows, done=done)
