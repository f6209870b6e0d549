"""The stage history of a case: apply an already checked move and write it down.

It stands below every service that moves a case (stage dialog, counselling, travel, reintegration,
monitoring), so none of them needs the others to record a move.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from avrcase.domain.stages import StageMove
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.store.models import Case, StageChange


def record_stage_change(session: Session, actor: Actor, case: Case, move: StageMove) -> None:
    """Apply an already checked move and write it into the history (used by other services too)."""
    case.stage_changes.append(StageChange(
        from_stage=case.stage, to_stage=move.to_stage.value, reason=move.reason.strip(),
        closure_reason=move.closure_reason.value if move.closure_reason else None, changed_by_id=actor.id,
    ))
    case.stage = move.to_stage.value
    case.closure_reason = move.closure_reason.value if move.closure_reason else None
    case.stage_changed_at = clock_of(session).now()
    case.updated_at = clock_of(session).now()
