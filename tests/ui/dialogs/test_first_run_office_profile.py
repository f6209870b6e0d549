"""The first-run screen names the office profile: no document is issued before it names the organisation."""

from __future__ import annotations


def test_the_first_run_screen_tells_the_administrator_to_fill_in_the_office_profile(qtbot, tmp_path):
    """A newcomer's first screen said only "then adds the staff": the profile came up first when a paper was refused."""
    from PySide6.QtWidgets import QLabel

    from avrcase.store.schema import open_store
    from avrcase.ui.dialogs.first_run_dialog import FirstRunDialog
    from avrcase.ui.ops import Ops

    ops = Ops(open_store(f"sqlite:///{tmp_path / 'new.sqlite'}"))
    dialog = FirstRunDialog(ops)
    qtbot.addWidget(dialog)
    intro = dialog.findChildren(QLabel)[0].text()
    assert "File ▸ Office profile…" in intro and "every document prints" in intro
    ops.engine.dispose()
