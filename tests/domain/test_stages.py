"""The stage machine: allowed moves, refusals with reasons, consent and closure rules."""

import pytest

from avrcase.domain.codes import ClosureReason
from avrcase.domain.errors import ValidationError
from avrcase.domain.stages import TRANSITIONS, Stage, StageMove, allowed_moves, check_move


def test_every_stage_has_a_transition_entry_and_only_closed_is_terminal():
    assert set(TRANSITIONS) == set(Stage)
    assert [s for s in Stage if not TRANSITIONS[s]] == [Stage.CLOSED]


def test_every_stage_can_reach_closed():
    reachable = {Stage.CLOSED}
    changed = True
    while changed:
        changed = False
        for stage, targets in TRANSITIONS.items():
            if stage not in reachable and reachable.intersection(targets):
                reachable.add(stage)
                changed = True
    assert reachable == set(Stage)


def test_allowed_move_passes():
    check_move(Stage.REGISTERED, StageMove(Stage.COUNSELLING, "first meeting"), has_consent=False, has_departed=False)


def test_impossible_move_names_what_is_allowed():
    with pytest.raises(ValidationError) as err:
        check_move(Stage.REGISTERED, StageMove(Stage.DEPARTED, "x"), has_consent=True, has_departed=False)
    message = err.value.errors["to_stage"]
    assert "cannot move to “Departed”" in message
    assert "Counselling" in message


def test_same_stage_is_refused():
    with pytest.raises(ValidationError, match="already at the stage"):
        check_move(Stage.COUNSELLING, StageMove(Stage.COUNSELLING, "x"), has_consent=True, has_departed=False)


def test_application_signed_needs_consent():
    with pytest.raises(ValidationError, match="consent"):
        check_move(Stage.COUNSELLING, StageMove(Stage.APPLICATION_SIGNED, "signed"), has_consent=False,
                   has_departed=False)
    check_move(Stage.COUNSELLING, StageMove(Stage.APPLICATION_SIGNED, "signed"), has_consent=True, has_departed=False)


def test_reason_is_required():
    with pytest.raises(ValidationError) as err:
        check_move(Stage.REGISTERED, StageMove(Stage.COUNSELLING, "   "), has_consent=False, has_departed=False)
    assert set(err.value.errors) == {"reason"}


def test_closing_needs_a_closure_reason_and_returned_needs_departure():
    with pytest.raises(ValidationError) as err:
        check_move(Stage.CANCELLED, StageMove(Stage.CLOSED, "done"), has_consent=True, has_departed=False)
    assert "closure_reason" in err.value.errors
    with pytest.raises(ValidationError, match="never departed"):
        check_move(Stage.CANCELLED, StageMove(Stage.CLOSED, "done", ClosureReason.RETURNED_AND_REINTEGRATED),
                   has_consent=True, has_departed=False)
    check_move(Stage.REINTEGRATION, StageMove(Stage.CLOSED, "done", ClosureReason.RETURNED_AND_REINTEGRATED),
               has_consent=True, has_departed=True)


def test_closure_reason_only_when_closing():
    with pytest.raises(ValidationError) as err:
        check_move(Stage.REGISTERED, StageMove(Stage.COUNSELLING, "x", ClosureReason.OTHER), has_consent=True,
                   has_departed=False)
    assert "closure_reason" in err.value.errors


def test_closed_case_allows_no_moves():
    assert allowed_moves(Stage.CLOSED) == ()
    with pytest.raises(ValidationError, match="none: the case is closed"):
        check_move(Stage.CLOSED, StageMove(Stage.COUNSELLING, "reopen"), has_consent=True, has_departed=True)
