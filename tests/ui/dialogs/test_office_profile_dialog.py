"""File ▸ Office profile…: edits reach the letterhead; mistakes are shown beside the field; no silent overwrite."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from avrcase.domain.codes import StaffRole
from avrcase.services import office
from avrcase.services.documents import register as documents
from avrcase.ui.dialogs.office_profile_dialog import LOGO_MAX_PIXELS, OfficeProfileDialog
from tests.documents.conftest import page_texts, read_pdf


@pytest.fixture
def admin_ops(ops, actor_as):
    """The office profile is the administrator's to edit; ``ops`` acts as one (the counsellor stays ``actor``)."""
    ops.actor = actor_as(StaffRole.ADMINISTRATOR)
    return ops


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def test_edited_profile_is_saved_and_printed_on_the_next_document(qtbot, admin_ops, actor, make_case, tmp_path):
    ops = admin_ops
    case = make_case()
    dialog = OfficeProfileDialog(ops)
    qtbot.addWidget(dialog)
    assert dialog.organisation.text() == "International Organization for Migration"
    dialog.phone.setText("+370 5 000 00 00")
    dialog.office_language.set_code("en")
    logo = QImage(1200, 1200, QImage.Format.Format_RGB32)
    logo.fill(QColor("#0b3d6e"))
    logo.save(str(tmp_path / "logo.png"))
    assert dialog.set_logo_file(str(tmp_path / "logo.png"))
    dialog.save_button.click()

    assert dialog.result() == dialog.DialogCode.Accepted
    stored = ops.read(office.get_office_profile)
    assert stored.phone == "+370 5 000 00 00" and stored.office_language == "en"
    assert QImage.fromData(stored.logo_png).height() == LOGO_MAX_PIXELS
    ops.actor = actor  # the counsellor issues the document
    row = ops.write(documents.issue_document, "case-summary", case.id)
    pdf = ops.read(documents.document_bytes, row.id)
    assert row.language == "en"
    assert "+370 5 000 00 00" in page_texts(pdf)[0]
    assert list(read_pdf(pdf).pages[0].images)  # the logo is on the letterhead


def test_missing_organisation_is_shown_beside_the_field_and_nothing_saved(qtbot, admin_ops, warnings):
    ops = admin_ops
    dialog = OfficeProfileDialog(ops)
    qtbot.addWidget(dialog)
    dialog.organisation.setText(" ")
    dialog.office_code.setText("V1")
    assert not dialog.save()
    assert dialog.errors.message("organisation")
    assert dialog.errors.message("office_code")
    assert warnings == []
    assert ops.read(office.get_office_profile).organisation == "International Organization for Migration"


def test_a_file_that_is_not_an_image_is_refused_beside_the_logo(qtbot, ops, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("not an image")
    dialog = OfficeProfileDialog(ops)
    qtbot.addWidget(dialog)
    assert not dialog.set_logo_file(str(fake))
    assert "not an image" in dialog.errors.message("logo_png")


def test_change_made_meanwhile_is_a_conflict_not_an_overwrite(qtbot, admin_ops, warnings):
    ops = admin_ops
    dialog = OfficeProfileDialog(ops)
    qtbot.addWidget(dialog)
    current = ops.read(office.get_office_profile)
    ops.write(office.save_office_profile, replace(current, phone="+370 1"))
    dialog.phone.setText("+370 2")
    assert not dialog.save()
    assert len(warnings) == 1 and "Someone else changed" in warnings[0]
    assert ops.read(office.get_office_profile).phone == "+370 1"


def test_enter_saves_the_profile(qtbot, admin_ops):
    ops = admin_ops
    from PySide6.QtCore import Qt

    dialog = OfficeProfileDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.phone.setText("+370 5 111 11 11")
    dialog.phone.setFocus()
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)

    assert dialog.result() == dialog.DialogCode.Accepted
    assert ops.read(office.get_office_profile).phone == "+370 5 111 11 11"


def test_the_office_time_zone_decides_which_day_today_is(qtbot, admin_ops, clock, warnings):
    import datetime as dt

    ops = admin_ops
    clock.set(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.timezone.utc))  # 00:30 on New Year's Day in Vilnius
    assert ops.today() == dt.date(2027, 1, 1)
    dialog = OfficeProfileDialog(ops)
    qtbot.addWidget(dialog)
    assert dialog.time_zone.zone() == "Europe/Vilnius"
    dialog.time_zone.setText("Atlantic/Reykjavik")
    dialog.save_button.click()

    assert dialog.result() == dialog.DialogCode.Accepted
    assert ops.read(office.get_office_profile).time_zone == "Atlantic/Reykjavik"
    assert ops.today() == dt.date(2026, 12, 31)
    from avrcase.i18n.format import format_datetime

    # Screens show times in the office's new zone at once (Reykjavik is on UTC all year).
    assert format_datetime(clock.now(), "short").replace("\u202f", " ").endswith("10:30 PM")


def test_an_unknown_time_zone_is_shown_beside_the_field_and_nothing_is_saved(qtbot, admin_ops, warnings):
    dialog = OfficeProfileDialog(admin_ops)
    qtbot.addWidget(dialog)
    dialog.time_zone.setText("Europe/Atlantis")
    assert not dialog.save()
    assert "Europe/Atlantis" in dialog.errors.message("time_zone")
    assert admin_ops.read(office.get_office_profile).time_zone == "Europe/Vilnius"


def test_a_malformed_e_mail_is_shown_beside_the_field_and_nothing_is_saved(qtbot, admin_ops, warnings):
    dialog = OfficeProfileDialog(admin_ops)
    qtbot.addWidget(dialog)
    dialog.email.setText("iomvilnius at iom.int")
    assert not dialog.save()
    assert "not an e-mail address" in dialog.errors.message("email")
    assert admin_ops.read(office.get_office_profile).email == "iomvilnius@iom.int"
    assert warnings == []


def test_the_retention_period_is_set_in_the_office_profile_and_the_preview_uses_it(qtbot, admin_ops, actor_as):
    from avrcase.services.data_protection import retention

    dialog = OfficeProfileDialog(admin_ops)
    qtbot.addWidget(dialog)
    assert dialog.retention_years.value() == 10
    dialog.retention_years.setValue(7)
    assert dialog.save()
    admin_ops.actor = actor_as(StaffRole.MANAGER)
    assert admin_ops.read(retention.retention_years) == 7
    assert admin_ops.read(retention.preview).years == 7


def test_a_retention_period_out_of_range_is_refused_by_the_service(admin_ops):
    from avrcase.domain.errors import ValidationError

    from avrcase.services.data_protection import retention

    with pytest.raises(ValidationError) as refused:
        admin_ops.write(retention.set_retention_years, 0)
    assert "years" in refused.value.errors


def test_data_protection_fields_are_saved_and_printed_on_the_declaration(qtbot, admin_ops, actor, make_case):
    ops = admin_ops
    case = make_case()
    dialog = OfficeProfileDialog(ops)
    qtbot.addWidget(dialog)
    assert dialog.supervisory_authority.toPlainText().startswith("Valstybinė duomenų apsaugos inspekcija")
    dialog.controller_name.setText("Vilnius Returns Agency")
    dialog.dpo_email.setText("privacy@returns.example.org")
    dialog.dpo_address.setPlainText("Gedimino pr. 1\nLT-01103 Vilnius")
    dialog.data_recipients.setPlainText("the Migration Department\nairlines")
    dialog.sharing_recipients.setPlainText("a reintegration partner")
    dialog.office_language.set_code("en")
    dialog.save_button.click()

    assert dialog.result() == dialog.DialogCode.Accepted
    stored = ops.read(office.get_office_profile)
    assert (stored.controller_name, stored.dpo_email) == ("Vilnius Returns Agency", "privacy@returns.example.org")
    assert stored.dpo_address == "Gedimino pr. 1\nLT-01103 Vilnius"
    ops.actor = actor
    row = ops.write(documents.issue_document, "declaration", case.id)
    text = " ".join(" ".join(page_texts(ops.read(documents.document_bytes, row.id))).split())
    assert "Vilnius Returns Agency is responsible" in text
    assert "privacy@returns.example.org, Gedimino pr. 1, LT-01103 Vilnius" in text
    assert "the Migration Department; airlines" in text and "a reintegration partner" in text


@pytest.mark.parametrize(("field", "value", "message"), [
    ("dpo_email", "privacy at returns", "not an e-mail address"),
    ("supervisory_authority", "", "supervisory authority"),
])
def test_data_protection_mistakes_are_shown_beside_the_field(qtbot, admin_ops, warnings, field, value, message):
    dialog = OfficeProfileDialog(admin_ops)
    qtbot.addWidget(dialog)
    widget = getattr(dialog, field)
    widget.setText(value) if hasattr(widget, "setText") else widget.setPlainText(value)
    assert not dialog.save()
    assert message in dialog.errors.message(field)
    assert warnings == []


def test_a_profile_without_any_data_protection_contact_is_refused(qtbot, admin_ops, warnings):
    dialog = OfficeProfileDialog(admin_ops)
    qtbot.addWidget(dialog)
    dialog.dpo_email.setText("")
    dialog.dpo_address.setPlainText("")
    assert not dialog.save()
    assert "data-protection contact" in dialog.errors.message("dpo_email")


def test_profile_and_retention_period_are_saved_together_or_not_at_all(qtbot, admin_ops, warnings, monkeypatch):
    """A refused retention period leaves the profile as it was: one unit of work, never half saved."""
    from avrcase.domain.errors import ValidationError
    from avrcase.services.data_protection import retention

    ops = admin_ops
    dialog = OfficeProfileDialog(ops)
    qtbot.addWidget(dialog)
    dialog.phone.setText("+370 5 111 11 11")
    dialog.retention_years.setValue(dialog.retention_years.value() + 1)

    def refuse(session, actor, years):
        raise ValidationError({"years": "Keep closed cases for a whole number of years the law allows."})

    monkeypatch.setattr(retention, "set_retention_years", refuse)
    assert not dialog.save()
    assert dialog.errors.message("retention_years") and warnings == []
    assert ops.read(office.get_office_profile).phone != "+370 5 111 11 11"


@pytest.mark.parametrize("typed", ["XYZ", "EU1", "€"])
def test_a_made_up_currency_is_shown_beside_the_field_and_nothing_is_saved(qtbot, admin_ops, warnings, typed):
    """"XYZ" was saved, and every amount would have printed with it."""
    dialog = OfficeProfileDialog(admin_ops)
    qtbot.addWidget(dialog)
    dialog.currency.setText(typed)
    assert not dialog.save()
    assert dialog.errors.message("currency") == (f"“{typed}” is not a currency we know: use its three-letter ISO code, "
                                                  "such as EUR.")
    assert admin_ops.read(office.get_office_profile).currency == "EUR"
    dialog.currency.setText("gel")  # a real one, typed in lower case
    assert dialog.save()
    assert admin_ops.read(office.get_office_profile).currency == "GEL"


def _form_is_whole(dialog) -> bool:
    from PySide6.QtWidgets import QScrollArea

    scroll = dialog.findChild(QScrollArea)
    form, button = scroll.widget(), dialog.remove_logo_button
    right = button.mapTo(scroll.viewport(), button.rect().topRight()).x()
    return form.width() >= form.minimumSizeHint().width() and right < scroll.viewport().width()


def test_in_lithuanian_with_a_logo_the_fields_are_whole_inside_the_dialog(qtbot, admin_ops, tmp_path):
    """With the office's logo beside "Pasirinkti logotipą…" and "Pašalinti logotipą", the Lithuanian form was wider
    than the dialog's 600 pixels: the fields' ends, the combo arrows and the second button were cut off at the right
    edge. The dialog widens to its form, on opening and when a logo is chosen."""
    from PySide6.QtCore import Qt

    from avrcase.i18n import set_locale

    path = tmp_path / "logo.png"
    banner = QImage(200, 80, QImage.Format.Format_RGB32)
    banner.fill(QColor("#1a4a8a"))
    banner.save(str(path))
    set_locale("lt")
    try:
        dialog = OfficeProfileDialog(admin_ops)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.set_logo_file(str(path))
        qtbot.wait(20)
        assert _form_is_whole(dialog)
        dialog.phone.setFocus()
        qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)  # saved with the logo
        assert admin_ops.read(office.get_office_profile).logo_png

        again = OfficeProfileDialog(admin_ops)
        qtbot.addWidget(again)
        again.show()
        qtbot.waitExposed(again)
        assert _form_is_whole(again)
        assert again.width() <= 1024
    finally:
        set_locale("en")
