"""The Documents tab: issuing adds a row to the register, previews open, scans are attached or refused."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QMessageBox

from avrcase.services.documents import register as documents
from avrcase.ui.dialogs.pdf_preview import PdfPreviewDialog
from avrcase.ui.views import documents_tab as tab_module
from avrcase.ui.views.documents_tab import CaseDocumentsTab, IssueDocumentDialog
from avrcase.ui.widgets import file_dialogs
from tests.services.documents.test_documents import PNG


@pytest.fixture
def warnings(monkeypatch):
    """Message boxes the tab shows, captured instead of blocking the test."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def tab(qtbot, ops, make_case):
    case = make_case(members=1)
    widget = CaseDocumentsTab(ops, case.id)
    qtbot.addWidget(widget)
    return widget


def test_issue_from_the_tab_adds_a_row_and_opens_the_preview(qtbot, tab, monkeypatch, warnings):
    monkeypatch.setattr(IssueDocumentDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    opened = []
    monkeypatch.setattr(PdfPreviewDialog, "open", lambda self: opened.append(self))
    assert tab.documents_model.rowCount() == 0 and not tab.preview_button.isEnabled()

    with qtbot.waitSignal(tab.document_issued):
        tab.issue_button.click()

    assert warnings == []
    assert tab.documents_model.rowCount() == 1
    assert tab.selected_document.doc_type == "case-summary"
    assert tab.preview_button.isEnabled()
    assert len(opened) == 1 and opened[0].page_count == tab.selected_document.pages


def test_issue_dialog_offers_every_type_and_the_office_language_first(qtbot):
    dialog = IssueDocumentDialog("lt")
    qtbot.addWidget(dialog)
    assert [dialog.type_combo.itemData(i) for i in range(dialog.type_combo.count())] == [
        "case-summary", "declaration", "itinerary", "introduction-letter", "allowance-receipt", "reintegration-plan"]
    assert dialog.language_combo.itemData(0) == "lt"
    dialog.type_combo.setCurrentIndex(1)
    assert dialog.choice == ("declaration", "lt")


def test_save_as_from_the_register_writes_the_issued_bytes(qtbot, tab, ops, tmp_path, monkeypatch):
    document_id = tab.issue("declaration", "en")
    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(tab_module.PdfPreviewDialog, "save_with_dialog", lambda self: self.save_to(target))
    tab.save_button.click()
    assert target.read_bytes() == ops.read(documents.document_bytes, document_id)


def test_attach_a_scan_and_open_it(qtbot, tab, tmp_path, monkeypatch):
    scan = tmp_path / "signed declaration.png"
    scan.write_bytes(PNG)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)

    with qtbot.waitSignal(tab.attachment_added):
        assert tab.attach_file(scan, "signed on paper") is not None
    assert tab.attachments_model.rowCount() == 1
    assert tab.attachments_model.index(0, 1).data() == "signed declaration.png"

    copy = tab.open_selected_attachment()
    assert opened == [str(copy)]
    assert copy.read_bytes() == PNG


def test_a_renamed_text_file_is_refused_with_a_message(qtbot, tab, tmp_path, warnings):
    fake = tmp_path / "declaration.pdf"
    fake.write_text("not really a PDF")
    assert tab.attach_file(fake) is None
    assert tab.attachments_model.rowCount() == 0
    assert len(warnings) == 1 and "not a PDF, JPEG or PNG" in warnings[0]


def _entries(ops, action, entity):
    import json

    from sqlalchemy import select

    from avrcase.services.uow import unit_of_work
    from avrcase.store.models import AuditEntry
    with unit_of_work(ops.engine, write=False) as session:
        return [json.loads(e.details) | {"entity_id": e.entity_id} for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == action, AuditEntry.entity == entity))]


def test_save_as_button_records_the_copy_then_writes_it_owner_only(qtbot, tab, ops, tmp_path, monkeypatch, warnings):
    import stat

    document_id = tab.issue("declaration", "en")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "copy.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    tab.save_button.click()
    assert warnings == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and [p.name for p in out.iterdir()] == ["copy.pdf"]
    [saved] = _entries(ops, "export", "issued_documents")
    assert saved["entity_id"] == document_id and saved["kind"] == "save_as" and "copy.pdf" not in str(saved)
    assert target.read_bytes() == ops.read(documents.document_bytes, document_id)


def test_save_as_writes_nothing_when_the_copy_cannot_be_recorded(qtbot, tab, ops, tmp_path, monkeypatch, warnings):

    from avrcase.domain.errors import AvrcaseError
    from avrcase.services import audit
    document_id = tab.issue("declaration", "en")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "copy.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "PDF files (*.pdf)"))

    def refuse(*_args, **_kwargs):
        raise AvrcaseError("The store is busy.")
    monkeypatch.setattr(audit, "write_pending", refuse)
    tab.save_button.click()
    assert warnings == ["The store is busy."] and list(out.iterdir()) == []
    monkeypatch.undo()
    assert _entries(ops, "export", "issued_documents") == [] and document_id


def test_an_opened_attachment_is_recorded_and_its_copy_is_private(qtbot, tab, ops, tmp_path, monkeypatch, warnings):
    import stat

    from avrcase.domain.errors import AvrcaseError
    from avrcase.services import audit
    scan = tmp_path / "signed declaration.png"
    scan.write_bytes(PNG)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    attachment_id = tab.attach_file(scan, "signed on paper")
    tab.attachments_view.selectRow(0)

    copy = tab.open_selected_attachment()
    assert opened == [str(copy)] and copy.read_bytes() == PNG
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.parent.stat().st_mode) == 0o700  # the app's private temporary folder
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]  # no temporary file left beside it
    assert [e["entity_id"] for e in _entries(ops, "document_opened", "attachments")] == [attachment_id]

    copy.unlink()
    monkeypatch.setattr(audit, "write_pending", lambda *a, **k: (_ for _ in ()).throw(AvrcaseError("busy")))
    assert tab.open_selected_attachment() is None
    assert not copy.exists() and opened == [str(copy)]


def test_the_register_speaks_the_language_of_the_screen(qtbot, tab, ops):
    """A declaration issued in Lithuanian (with Russian) is listed with its English title and language names,
    the SHA-256 shortened (whole in the tooltip) and the title taking the room (#19)."""
    from PySide6.QtCore import Qt

    from avrcase.i18n.format import format_date

    case_id = tab.case_id
    issued = ops.write(documents.issue_document, "declaration", case_id, "lt")
    tab.reload()
    model = tab.documents_model
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert row[1] == "Application and declaration of voluntary return"
    assert "Lithuanian" in row[2] and "lt" not in row[2].split()
    assert row[5] == issued.sha256[:12] + "…"
    assert model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == issued.sha256
    assert row[0].startswith(format_date(issued.issued_at.astimezone().date()))  # one date format everywhere
    tab.resize(900, 500)
    tab.show()
    assert tab.documents_view.columnWidth(1) > tab.documents_view.columnWidth(5)


def test_the_register_shows_the_time_the_page_prints_whatever_zone_the_computer_is_set_to(qtbot, tab, ops):
    """A laptop set to another zone than the office's listed a document issued at 11:30 in Vilnius as issued at
    4:30 (New York) while its page printed 11:30: every screen now shows the office's time (found by a walk)."""
    import os
    import time

    from avrcase.i18n.format import set_display_zone
    from avrcase.ui.ops import show_times_in_the_office_zone
    from tests.documents.conftest import page_texts

    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        show_times_in_the_office_zone(ops)
        issued = ops.write(documents.issue_document, "case-summary", tab.case_id, "en")
        tab.reload()
        shown = tab.documents_model.index(0, 0).data()
        printed = " ".join(page_texts(ops.read(documents.document_bytes, issued.id)))
    finally:
        set_display_zone(None)
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
    shown, printed = (" ".join(text.replace("\u202f", " ").split()) for text in (shown, printed))
    assert shown.endswith("11:30 AM") and "11:30 AM" in printed  # the test clock: 09:30 UTC, 11:30 in Vilnius


def test_the_issue_dialog_names_every_language_and_speaks_of_a_second_language_only_where_one_is_printed(qtbot):
    """Kurmanji was offered as "kmr (kmr)"; the note on the applicant's language showed for a case summary too."""
    dialog = IssueDocumentDialog("en")
    qtbot.addWidget(dialog)
    dialog.show()
    seen = {}
    for index in range(dialog.type_combo.count()):
        dialog.type_combo.setCurrentIndex(index)
        kind = dialog.type_combo.currentData()
        seen[kind] = dialog.hint.isVisible()
        names = [dialog.language_combo.itemText(i) for i in range(dialog.language_combo.count())]
        assert not [n for n in names if n.startswith(n[n.find("(") + 1:-1] + " (")], names  # never "kmr (kmr)"
    assert seen["declaration"] and seen["itinerary"] and not seen["case-summary"]
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("declaration"))
    names = [dialog.language_combo.itemText(i) for i in range(dialog.language_combo.count())]
    assert "Kurdish (kmr)" in names
    qtbot.wait(20)  # the layout settles: the note, shown after the dialog, has the height of its lines
    assert dialog.hint.height() >= dialog.hint.heightForWidth(dialog.hint.width())


def test_the_issue_dialog_lists_the_languages_by_name_after_the_office_language(qtbot):
    """Thirty languages were listed by their codes: "amharų (am), arabų (ar), azerbaidžaniečių (az), soranių kurdų
    (ckb), anglų (en)…", so a counsellor looking for Somali or Pashto had to know its code."""
    from avrcase.i18n import set_locale

    set_locale("lt")  # back to English after the test (conftest)
    dialog = IssueDocumentDialog("lt")
    qtbot.addWidget(dialog)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("itinerary"))
    names = [dialog.language_combo.itemText(i) for i in range(dialog.language_combo.count())]
    assert names[0] == "lietuvių (lt)" and {"somaliečių (so)", "puštūnų (ps)", "tigrajų (ti)"} <= set(names)
    rest = [name.casefold() for name in names[1:]]
    assert rest[:3] == ["albanų (sq)", "amharų (am)", "anglų (en)"] and rest.index("anglų (en)") < rest.index("arabų (ar)")


def test_tabbing_into_the_register_chooses_a_document_so_preview_and_print_work(qtbot, tab, monkeypatch):
    """Keyboard only: Tab into the issued documents with nothing chosen chooses the newest, so Preview and Print
    are not grey while the list shows the focus frame (the X11 keyboard walk of session 28)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    for _ in range(2):
        tab.issue("case-summary", "en")
    tab.documents_view.clearSelection()
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    tab.issue_button.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.issue_button)
    assert not tab.preview_button.isEnabled()
    tab.documents_view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: tab.documents_view.hasFocus())
    assert tab.preview_button.isEnabled() and tab.print_button.isEnabled()
    newest = tab.selected_document
    assert newest is not None and newest.id == max(tab.documents_model.payload(row).id for row in range(2))
    tab.documents_view.clearSelection()
    tab.issue_button.setFocus(Qt.FocusReason.OtherFocusReason)
    tab.documents_view.setFocus(Qt.FocusReason.MouseFocusReason)  # a click chooses what it clicks, not this rule
    assert not tab.preview_button.isEnabled()
