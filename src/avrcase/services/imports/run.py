"""Writing an import: every valid case of the plan in the caller's one transaction, each on the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from avrcase.domain.errors import ValidationError
from avrcase.domain.stages import Stage
from avrcase.i18n import _, ngettext
from avrcase.services import audit, cases, counselling
from avrcase.services.backup.backups import require_signed_in
from avrcase.services.dto import Actor
from avrcase.services.imports.plan import ImportCancelled, ImportPlan, Progress, plan_import
from avrcase.services.permissions import Permission, require
from avrcase.store.models import Case, ImportSource, StageChange


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: case numbers made, rows with problems left out, cases already imported before."""

    case_numbers: tuple[str, ...]
    skipped_rows: int
    already_imported: int


def dry_run(session: Session, actor: Actor | None, path: Path, *, today: dt.date, mapping: dict[str, str] | None = None,
            progress: Progress | None = None) -> ImportPlan:
    """Map and validate ``path`` (roles that register cases); nothing is written."""
    require_signed_in(actor)
    require(actor, Permission.CASE_EDIT)
    return plan_import(session, path, today=today, mapping=mapping, progress=progress)


def import_cases(session: Session, actor: Actor | None, plan: ImportPlan, *, today: dt.date, now: dt.datetime,
                 all_or_nothing: bool = False, progress: Progress | None = None) -> ImportResult:
    """Register every valid case of ``plan`` in this unit of work; with ``all_or_nothing`` none if any row has a problem.

    Cancelling (``progress`` returning False) raises ``ImportCancelled``, so the unit of work rolls back.
    """
    require_signed_in(actor)
    require(actor, Permission.CASE_EDIT)
    assert actor is not None
    if all_or_nothing and plan.problems:
        raise ValidationError({"file": ngettext(
            "%(n)d row has a problem; with --all-or-nothing nothing was imported.",
            "%(n)d rows have problems; with --all-or-nothing nothing was imported.", plan.invalid_rows)
            % {"n": plan.invalid_rows}})
    numbers = []
    total = len(plan.cases)
    for done, planned in enumerate(plan.cases, start=1):
        if progress is not None and (done % 100 == 0 or done == total) and not progress(done, total):
            raise ImportCancelled()
        detail = cases.register_case(session, actor, planned.form, today=today)
        for consultation in planned.consultations:
            counselling.record_consultation(session, actor, detail.id, consultation, now=now)
        if planned.stage is not None and planned.stage != Stage.REGISTERED:
            _set_stage(session, actor, detail.id, planned.stage)
        session.add(ImportSource(source_key=planned.source_key, case_id=detail.id, file_sha256=plan.sha256,
                                 imported_at=now))
        audit.record(session, actor, audit.Action.IMPORT, entity="cases", entity_id=detail.id, case_id=detail.id,
                     file=plan.file_name, file_sha256=plan.sha256, source_key=planned.source_key, rows=list(planned.rows))
        numbers.append(detail.case_number)
    session.flush()
    return ImportResult(tuple(numbers), plan.invalid_rows, len(plan.already_imported))


def _set_stage(session: Session, actor: Actor, case_id: int, stage: Stage) -> None:
    """The stage the office's sheet gives: history before avrcase is not replayed, one stage change records it."""
    case = session.get(Case, case_id)
    assert case is not None
    case.stage_changes.append(StageChange(from_stage=case.stage, to_stage=stage.value, changed_by_id=actor.id,
                                          reason=_("Imported from a spreadsheet at this stage")))
    case.stage = stage.value
