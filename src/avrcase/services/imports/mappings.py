"""Column mappings an office saved, found again by the sheet's headers."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.errors import ValidationError
from avrcase.i18n import _
from avrcase.services.backup.backups import require_signed_in
from avrcase.services.dto import Actor
from avrcase.services.imports.fields import normalise_header
from avrcase.services.imports.sheet import read_workbook
from avrcase.services.permissions import Permission, require
from avrcase.store.models import ImportMapping


def signature(headers: list[str]) -> str:
    """What identifies a sheet layout: the SHA-256 of its normalised headers."""
    text = "\x1f".join(normalise_header(h) for h in headers)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def saved_mapping(session: Session, headers: list[str]) -> dict[str, str]:
    """The mapping saved for sheets with these headers (header → field), or an empty one."""
    row = session.scalar(select(ImportMapping).where(ImportMapping.signature == signature(headers)))
    return dict(json.loads(row.mapping)) if row is not None else {}


def save_mapping(session: Session, actor: Actor | None, headers: list[str], mapping: dict[str, str]) -> None:
    """Remember ``mapping`` for sheets with these headers (roles that register cases)."""
    require_signed_in(actor)
    require(actor, Permission.CASE_EDIT)
    key = signature(headers)
    row = session.scalar(select(ImportMapping).where(ImportMapping.signature == key))
    if row is None:
        row = ImportMapping(signature=key, mapping="{}")
        session.add(row)
    row.mapping = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    session.flush()


def mapping_for_file(session: Session, actor: Actor | None, path: Path, chosen: dict[str, str]) -> dict[str, str]:
    """The saved mapping for ``path``'s headers with ``chosen`` over it (and saved when anything was chosen)."""
    require_signed_in(actor)
    require(actor, Permission.CASE_EDIT)  # before the file is read: a role that may not import waited for it whole
    sheet, _consultations = read_workbook(path)
    known = {normalise_header(header) for header in sheet.headers}
    missing = [header for header in chosen if normalise_header(header) not in known]
    if missing:  # a mistyped header was saved and audited as part of the sheet's mapping
        raise ValidationError({"map": _("The file has no column “%(header)s”; its columns are: %(headers)s.") % {
            "header": missing[0], "headers": ", ".join(h for h in sheet.headers if h)}})
    mapping = saved_mapping(session, sheet.headers)
    if chosen:
        mapping.update(chosen)
        save_mapping(session, actor, sheet.headers, mapping)
    return mapping


def preview_columns(session: Session, actor: Actor | None, path: Path) -> tuple[list[str], dict[str, str]]:
    """The case sheet's headers and the mapping an import would use (the saved one over the guesses)."""
    require_signed_in(actor)
    require(actor, Permission.CASE_EDIT)
    from avrcase.services.imports.fields import CASE_FIELDS, guess_mapping

    sheet, _consultations = read_workbook(path)
    guessed = {sheet.headers[i]: key for i, key in guess_mapping(sheet.headers, CASE_FIELDS).items()}
    guessed.update(saved_mapping(session, sheet.headers))
    return sheet.headers, guessed
