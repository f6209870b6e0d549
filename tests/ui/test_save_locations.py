"""Save dialogs start in the person's Documents folder (else home), not in the app's working folder (#19);
the backup folder field has room for a real path."""

from __future__ import annotations

from pathlib import Path


from avrcase.ui.views.work_lists import BudgetView
from avrcase.ui.widgets.save_location import save_folder
from avrcase.ui.widgets import file_dialogs


def test_an_export_dialog_opens_in_documents_or_home(qtbot, ops, bus, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # the working folder must not be where the dialog opens
    asked = []
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda _parent, _title, start, *a: asked.append(start) or ("", ""))
    view = BudgetView(ops, bus)
    qtbot.addWidget(view)
    assert view.export_csv() is None
    assert Path(asked[0]) == save_folder() / "budget.csv"
    assert save_folder() in (Path.home(), Path.home() / "Documents") or save_folder().is_dir()
    assert Path(asked[0]).parent != tmp_path


def test_the_backup_folder_field_is_wide_enough_for_a_path(qtbot, engine, actor_as):
    from avrcase.domain.codes import StaffRole
    from avrcase.ui.dialogs.backup_settings_dialog import BackupSettingsDialog
    from avrcase.ui.ops import Ops

    dialog = BackupSettingsDialog(Ops(engine, actor_as(StaffRole.ADMINISTRATOR)))
    qtbot.addWidget(dialog)
    dialog.show()
    path = "/media/office/BACKUP-USB/avrcase-backups"
    assert dialog.folder_edit.width() >= dialog.folder_edit.fontMetrics().horizontalAdvance(path)


def test_a_long_error_in_the_new_account_dialog_is_shown_whole(qtbot, engine, actor_as):
    """#19: the New-account dialog cut its error text off."""
    from avrcase.domain.codes import StaffRole
    from avrcase.ui.dialogs.users_dialog import AccountDialog
    from avrcase.ui.ops import Ops
    from tests.ui.small_screen.checks import cut_texts

    dialog = AccountDialog(Ops(engine, actor_as(StaffRole.ADMINISTRATOR)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.username, "ona")
    qtbot.keyClicks(dialog.display_name, "Ona Test")
    qtbot.keyClicks(dialog.password, "short")
    assert not dialog.save()
    assert dialog.errors.message("password")
    qtbot.wait(50)
    assert cut_texts(dialog, "new account") == []
