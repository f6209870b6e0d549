"""Office profile ▸ Texts in other languages… and Wording files…: driven like a person would, then the store
and the audit trail checked; the issue dialog offers only languages a document can be printed in."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.wording import DECLARATION, DOCUMENTS, shipped_file
from avrcase.services import office
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, OfficeWordingRecord
from avrcase.ui.dialogs.office_languages_dialog import OfficeLanguagesDialog
from avrcase.ui.dialogs.office_profile_dialog import OfficeProfileDialog
from avrcase.ui.dialogs.wording_files_dialog import WordingFilesDialog
from avrcase.ui.views.documents_tab import IssueDocumentDialog
from tests.support.clock import FIXED_TODAY


@pytest.fixture
def admin_ops(ops, actor_as):
    ops.actor = actor_as(StaffRole.ADMINISTRATOR)
    return ops


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    return shown


def _audited(engine, entity):
    with unit_of_work(engine, write=False) as session:
        return [e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == entity))]


def test_emergency_phone_is_edited_in_the_profile_dialog(qtbot, admin_ops):
    dialog = OfficeProfileDialog(admin_ops)
    qtbot.addWidget(dialog)
    dialog.emergency_phone.setText("+370 699 00000")
    dialog.save_button.click()
    assert admin_ops.read(office.get_office_profile).emergency_phone == "+370 699 00000"


def test_texts_in_another_language_are_saved_and_a_fourth_line_is_refused_beside_the_field(qtbot, admin_ops, engine):
    dialog = OfficeLanguagesDialog(admin_ops)
    qtbot.addWidget(dialog)
    dialog.set_language("lt")
    dialog.organisation.setText("Tarptautinė migracijos organizacija")  # keyClicks types ASCII only
    dialog.address.setPlainText("Jakšto g. 12\nLT-01105 Vilnius\nLietuva\nketvirta eilutė")
    dialog.save_button.click()
    assert "At most 3 lines" in dialog.errors.message("address")
    assert admin_ops.read(office.get_office_profile).texts_in("lt") is None

    dialog.address.setPlainText("Jakšto g. 12\nLT-01105 Vilnius")
    dialog.emergency_phone.setText("+370 612 12345")
    dialog.save_button.click()
    assert dialog.errors.message("address") == ""
    texts = admin_ops.read(office.get_office_profile).texts_in("lt")
    assert (texts.organisation, texts.emergency_phone) == ("Tarptautinė migracijos organizacija", "+370 612 12345")
    assert _audited(engine, "office_language_texts") == ["create"]

    dialog.set_language("en")  # another language shows its own (empty) texts
    assert dialog.organisation.text() == ""
    dialog.set_language("lt")
    assert dialog.organisation.text() == "Tarptautinė migracijos organizacija"


def test_wording_files_export_import_review_and_back_to_shipped(qtbot, admin_ops, engine, tmp_path, warnings):
    dialog = WordingFilesDialog(admin_ops)
    qtbot.addWidget(dialog)
    assert dialog.select(DECLARATION, "en") and not dialog.shipped_button.isEnabled()
    target = tmp_path / "declaration-en.json"
    assert dialog.export_to(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    data.update(language="ka", title="განცხადება")
    edited = tmp_path / "declaration-ka.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    assert dialog.import_from(edited)
    row = dialog.selected()
    assert (row.kind, row.language, row.source, row.status) == (DECLARATION, "ka", "office", "draft")
    assert dialog.shipped_button.isEnabled()
    assert dialog.mark_reviewed("Nino Reviewer", FIXED_TODAY)
    assert dialog.selected().status == "reviewed"
    text = dialog.model.data(dialog.model.index(dialog.table.currentIndex().row(), 3))
    assert "Nino Reviewer" in text
    with unit_of_work(engine, write=False) as session:
        record = session.scalars(select(OfficeWordingRecord)).one()
        assert (record.language, record.reviewed_by, record.reviewed_on) == ("ka", "Nino Reviewer", FIXED_TODAY)
    assert _audited(engine, "office_wordings") == ["create", "update"]

    dialog.shipped_button.click()
    with unit_of_work(engine, write=False) as session:
        assert session.scalars(select(OfficeWordingRecord)).all() == []
    assert warnings == []


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04 a zip file", "not JSON"),
    (json.dumps({"kind": "documents", "language": "ka", "common": {}, "itinerary": {}}).encode(), "does not match"),
])
def test_a_corrupt_or_foreign_file_says_why_and_changes_nothing(qtbot, admin_ops, engine, tmp_path, warnings,
                                                                content, message):
    dialog = WordingFilesDialog(admin_ops)
    qtbot.addWidget(dialog)
    before = [(r.kind, r.language, r.source, r.status) for r in dialog.rows]
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert not dialog.import_from(path)
    assert len(warnings) == 1 and message in warnings[0] and "Nothing was changed" in warnings[0]
    assert [(r.kind, r.language, r.source, r.status) for r in dialog.rows] == before
    with unit_of_work(engine, write=False) as session:
        assert session.scalars(select(OfficeWordingRecord)).all() == []
    assert _audited(engine, "office_wordings") == []


def test_the_issue_dialog_offers_only_languages_each_document_can_be_printed_in(qtbot):
    languages = {"case-summary": ["lt", "en"], "declaration": ["lt", "en", "ka"], "itinerary": ["lt", "en"],
                 "introduction-letter": ["lt", "en"], "allowance-receipt": ["lt"], "reintegration-plan": ["lt"]}
    dialog = IssueDocumentDialog("lt", languages=languages)
    qtbot.addWidget(dialog)
    codes = lambda: [dialog.language_combo.itemData(i) for i in range(dialog.language_combo.count())]  # noqa: E731
    assert codes() == ["lt", "en"]
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("declaration"))
    assert codes() == ["lt", "en", "ka"]
    dialog.language_combo.setCurrentIndex(2)
    assert dialog.choice == ("declaration", "ka")
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("itinerary"))
    assert codes() == ["lt", "en"] and dialog.choice == ("itinerary", "lt")


def test_shipped_languages_are_those_with_a_file(qtbot):
    dialog = IssueDocumentDialog("lt")
    qtbot.addWidget(dialog)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("declaration"))
    offered = {dialog.language_combo.itemData(i) for i in range(dialog.language_combo.count())}
    assert all(shipped_file(DECLARATION, code) for code in offered)
    assert shipped_file(DOCUMENTS, "lt") is not None


def test_the_declarations_data_protection_texts_are_edited_per_language(qtbot, admin_ops):
    dialog = OfficeLanguagesDialog(admin_ops)
    qtbot.addWidget(dialog)
    dialog.set_language("lt")
    dialog.data_recipients.setPlainText("Migracijos departamentas\nAviakompanijos")
    dialog.supervisory_authority.setPlainText("Valstybinė duomenų apsaugos inspekcija")
    dialog.save_button.click()
    texts = admin_ops.read(office.get_office_profile).texts_in("lt")
    assert texts.data_recipients == "Migracijos departamentas\nAviakompanijos"
    assert texts.supervisory_authority == "Valstybinė duomenų apsaugos inspekcija"
    dialog.set_language("en")
    assert dialog.data_recipients.toPlainText() == ""
    dialog.set_language("lt")
    assert dialog.supervisory_authority.toPlainText() == "Valstybinė duomenų apsaugos inspekcija"


def test_texts_typed_in_one_language_are_not_lost_by_choosing_another_or_closing(qtbot, admin_ops, monkeypatch):
    """Choosing another language in the chooser reloaded the fields, and Close closed: typed texts went unasked."""
    from avrcase.ui.dialogs import office_languages_dialog

    asked, answers = [], iter([False, True, False])
    monkeypatch.setattr(office_languages_dialog, "confirm_discard",
                        lambda _parent, title, text, *_rest: asked.append(text) or next(answers))
    dialog = OfficeLanguagesDialog(admin_ops)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_language("lt")
    dialog.language.set_code("ru")  # nothing typed: no question
    assert asked == [] and dialog.language.code() == "ru"
    dialog.language.set_code("lt")

    dialog.organisation.setText("Tarptautinė migracijos organizacija")
    dialog.language.set_code("ru")  # kept: back on Lithuanian, the text still there
    assert len(asked) == 1 and "Lithuanian" in asked[0]
    assert dialog.language.code() == "lt" and dialog.organisation.text() == "Tarptautinė migracijos organizacija"
    dialog.language.set_code("ru")  # discarded: Russian's own (empty) texts
    assert dialog.language.code() == "ru" and dialog.organisation.text() == ""
    assert admin_ops.read(office.get_office_profile).texts_in("lt") is None

    dialog.emergency_phone.setText("+7 900 000 00 00")
    dialog.reject()  # Close or Esc: kept open
    assert len(asked) == 3 and dialog.isVisible()
    dialog.save_button.click()
    assert admin_ops.read(office.get_office_profile).texts_in("ru").emergency_phone == "+7 900 000 00 00"
    dialog.reject()  # saved: closes without a question
    assert len(asked) == 3 and not dialog.isVisible()
