"""The stages of a case and the moves allowed between them."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from avrcase.domain.codes import ClosureReason, Vocabulary
from avrcase.domain.errors import ValidationError
from avrcase.i18n import N_, _, available_locales, gettext_from, load_translations


class Stage(Vocabulary):
    REGISTERED = "registered"
    COUNSELLING = "counselling"
    APPLICATION_SIGNED = "application_signed"
    ELIGIBILITY_APPROVED = "eligibility_approved"
    ELIGIBILITY_REJECTED = "eligibility_rejected"
    TRAVEL_PREPARATION = "travel_preparation"
    DEPARTURE_SCHEDULED = "departure_scheduled"
    DEPARTED = "departed"
    REINTEGRATION = "reintegration"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @classmethod
    def _labels(cls):
        return {
            "registered": N_("Registered"),
            "counselling": N_("Counselling"),
            "application_signed": N_("Application signed"),
            "eligibility_approved": N_("Eligibility approved"),
            "eligibility_rejected": N_("Eligibility rejected"),
            "travel_preparation": N_("Travel preparation"),
            "departure_scheduled": N_("Departure scheduled"),
            "departed": N_("Departed"),
            "reintegration": N_("Reintegration"),
            "closed": N_("Closed"),
            "withdrawn": N_("Withdrawn"),
            "no_show": N_("No-show"),
            "cancelled": N_("Cancelled"),
        }

    @property
    def is_open(self) -> bool:
        """False only for a closed case; every other stage still needs work."""
        return self is not Stage.CLOSED


@dataclass(frozen=True)
class UnknownStage:
    """A stage code the store holds that avrcase never writes (changed outside avrcase): the case list still shows
    the case, its stage cell saying it is damaged (the whole page of the list failed to read), and sorts and exports
    it by the stored code."""

    value: str

    @property
    def label(self) -> str:
        return _("(damaged: unknown stage “%(code)s”)") % {"code": self.value}


def stage_or_unknown(code: str) -> Stage | UnknownStage:
    """The stage a stored code names, or ``UnknownStage`` for one avrcase never writes."""
    try:
        return Stage(code)
    except ValueError:
        return UnknownStage(code)


S = Stage
_EXITS = (S.WITHDRAWN, S.CANCELLED)

#: Where a case may go from each stage. Withdrawn, no-show and cancelled cases are closed or,
#: when the person comes back, taken up again.
TRANSITIONS: dict[Stage, tuple[Stage, ...]] = {
    S.REGISTERED: (S.COUNSELLING, S.NO_SHOW, *_EXITS),
    S.COUNSELLING: (S.APPLICATION_SIGNED, S.NO_SHOW, *_EXITS),
    S.APPLICATION_SIGNED: (S.ELIGIBILITY_APPROVED, S.ELIGIBILITY_REJECTED, *_EXITS),
    S.ELIGIBILITY_APPROVED: (S.TRAVEL_PREPARATION, *_EXITS),
    S.ELIGIBILITY_REJECTED: (S.COUNSELLING, S.CLOSED),
    S.TRAVEL_PREPARATION: (S.DEPARTURE_SCHEDULED, S.NO_SHOW, *_EXITS),
    S.DEPARTURE_SCHEDULED: (S.DEPARTED, S.TRAVEL_PREPARATION, S.NO_SHOW, *_EXITS),
    S.DEPARTED: (S.REINTEGRATION, S.CLOSED),
    S.REINTEGRATION: (S.CLOSED,),
    S.WITHDRAWN: (S.COUNSELLING, S.CLOSED),
    S.NO_SHOW: (S.COUNSELLING, S.TRAVEL_PREPARATION, S.CLOSED),
    S.CANCELLED: (S.CLOSED,),
    S.CLOSED: (),
}

#: Stages at or past which the person must have given consent to data processing.
STAGES_NEEDING_CONSENT = frozenset(
    {S.APPLICATION_SIGNED, S.ELIGIBILITY_APPROVED, S.TRAVEL_PREPARATION, S.DEPARTURE_SCHEDULED, S.DEPARTED}
)

#: The order the stages are usually walked, for lists and statistics.
ORDER: tuple[Stage, ...] = tuple(Stage)


#: Reasons the app writes into the stage history by itself. They are stored in English, the source
#: language, and shown in the language of whoever reads the history (:func:`shown_reason`).
REASON_REGISTERED = N_("Case registered")
REASON_FIRST_CONSULTATION = N_("First consultation logged")
REASON_IMPORTED = N_("Imported from a spreadsheet at this stage")
SYSTEM_REASONS = (REASON_REGISTERED, REASON_FIRST_CONSULTATION, REASON_IMPORTED)


@functools.cache
def _system_reason_sources() -> dict[str, str]:
    # Stores written before reasons were kept in English hold them in the language of the day.
    sources = {reason: reason for reason in SYSTEM_REASONS}
    for locale in available_locales():
        translations = load_translations(locale)
        for reason in SYSTEM_REASONS:
            sources.setdefault(gettext_from(translations, reason), reason)
    return sources


@functools.cache
def _reason_in(lang: str, source: str) -> str:
    return gettext_from(load_translations(lang), source)


def shown_reason(reason: str, lang: str | None = None) -> str:
    """A stage change's reason as printed or shown: one the app wrote is given in ``lang``
    (the current language when ``None``); one a person typed is shown as typed."""
    source = _system_reason_sources().get(reason.strip())
    if source is None:
        return reason
    return _(source) if lang is None else _reason_in(lang, source)


@dataclass(frozen=True)
class StageMove:
    """A requested move: where to, why, and (only when closing) the closure reason."""

    to_stage: Stage
    reason: str
    closure_reason: ClosureReason | None = None


def allowed_moves(current: Stage) -> tuple[Stage, ...]:
    """Stages a case in ``current`` may move to."""
    return TRANSITIONS[current]


def check_move(current: Stage, move: StageMove, *, has_consent: bool, has_departed: bool) -> None:
    """Raise ``ValidationError`` with the reason a counsellor would give when the move is not allowed."""
    errors: dict[str, str] = {}
    if move.to_stage == current:
        errors["to_stage"] = _("The case is already at the stage “%(stage)s”.") % {"stage": current.label}
    elif move.to_stage not in TRANSITIONS[current]:
        allowed = ", ".join(f"“{s.label}”" for s in TRANSITIONS[current]) or _("none: the case is closed")
        errors["to_stage"] = _(
            "A case at “%(current)s” cannot move to “%(target)s”. It can move to: %(allowed)s."
        ) % {"current": current.label, "target": move.to_stage.label, "allowed": allowed}
    if move.to_stage in STAGES_NEEDING_CONSENT and not has_consent:
        errors.setdefault(
            "to_stage",
            _(
                "The case cannot pass “Application signed” until consent to the processing and sharing "
                "of personal data is recorded."
            ),
        )
    if not move.reason.strip():
        errors["reason"] = _("Please say why the stage changes.")
    if move.to_stage == S.CLOSED:
        if move.closure_reason is None:
            errors["closure_reason"] = _("Choose why the case is closed.")
        elif move.closure_reason == ClosureReason.RETURNED_AND_REINTEGRATED and not has_departed:
            errors["closure_reason"] = _(
                "“Returned and reintegrated” needs a confirmed departure; this case never departed."
            )
    elif move.closure_reason is not None:
        errors["closure_reason"] = _("A closure reason is only given when the case is closed.")
    if errors:
        raise ValidationError(errors)
