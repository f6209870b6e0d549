"""Esc, Cancel or the close button ask before throwing typed work away in the account, server and
translation-review dialogs too (they closed without a word), and close at once when nothing was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from avrcase.domain.codes import StaffRole
from avrcase.ui.dialogs.server_dialog import ServerDialog
from avrcase.ui.dialogs.users_dialog import AccountDialog
from avrcase.ui.dialogs.wording_files_dialog import ReviewDialog
from avrcase.ui.ops import Ops
from tests.support.clock import FIXED_TODAY


def _account(engine, actor_as):
    dialog = AccountDialog(Ops(engine, actor_as(StaffRole.ADMINISTRATOR)))
    return dialog, dialog.username


def _server(_engine, _actor_as):
    dialog = ServerDialog()
    return dialog, dialog.host


def _review(_engine, _actor_as):
    dialog = ReviewDialog(FIXED_TODAY)
    return dialog, dialog.reviewer


@pytest.mark.parametrize("make", [_account, _server, _review], ids=["account", "server", "review"])
def test_escape_asks_only_when_something_was_typed(qtbot, monkeypatch, engine, actor_as, make):
    from avrcase.ui.widgets import typed_work

    asked = []
    answers = iter([False, True])
    monkeypatch.setattr(typed_work, "confirm_discard", lambda _parent, title, *_rest: asked.append(title) or next(answers))
    untouched, _field = make(engine, actor_as)
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert asked == [] and not untouched.isVisible()

    dialog, field = make(engine, actor_as)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(field, "jonaitiene")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert asked == ["Discard what was typed?"] and dialog.isVisible() and field.text() == "jonaitiene"
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not dialog.isVisible()
