"""The reusable inputs: what a person enters comes back as the form the services take."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from avrcase.domain.codes import ConsultationTopic, IdDocumentType, Relationship, Sex, Vulnerability
from avrcase.i18n import set_locale
from avrcase.services.dto import VulnerabilityForm
from avrcase.ui.widgets.check_list import VocabularyCheckList
from avrcase.ui.widgets.consent_fields import ConsentFields
from avrcase.ui.widgets.date_edit import OptionalDateEdit
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors, errors_by_index
from avrcase.ui.widgets.follow_ups_edit import FollowUpsEdit
from avrcase.ui.widgets.household_edit import HouseholdEdit
from avrcase.ui.widgets.languages_edit import LanguagesEdit
from avrcase.ui.widgets.person_fields import PersonFields
from avrcase.ui.widgets.vulnerabilities_edit import VulnerabilitiesEdit, by_code
from tests.conftest import make_person
from tests.support.clock import FIXED_TODAY
from tests.support.keyboard import answer_box, keyboard_widget, press, type_text


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_field_errors_show_each_message_at_its_field_and_find_the_first_in_form_order(qtbot):
    errors = FieldErrors()
    fields = {path: QLineEdit() for path in ("family_name", "date_of_birth", "phone")}
    for path, field in fields.items():
        errors.add(path, ErrorLabel(), field)

    left = errors.show({"phone": "Bad phone", "family_name": "No name", "elsewhere": "Somewhere else"})

    assert left == {"elsewhere": "Somewhere else"}
    assert errors.message("family_name") == "No name" and errors.message("phone") == "Bad phone"
    assert errors.message("date_of_birth") == ""
    assert errors.first_invalid() is fields["family_name"]
    errors.show({})
    assert errors.first_invalid() is None and errors.message("phone") == ""


def test_errors_by_index_splits_rows_from_the_rest():
    rows, others = errors_by_index(
        {"members.1.family_name": "a", "members.1.relationship": "b", "members.0.phone": "c", "members": "d",
         "notes": "e"}, "members")
    assert rows == {1: {"family_name": "a", "relationship": "b"}, 0: {"phone": "c"}}
    assert others == {"members": "d", "notes": "e"}


def test_optional_date_can_be_left_empty_and_cleared(qtbot):
    edit = shown(qtbot, OptionalDateEdit())
    assert edit.date() is None and not edit.clear_button.isEnabled()
    edit.set_date(dt.date(2024, 2, 29))
    assert edit.date() == dt.date(2024, 2, 29)
    qtbot.mouseClick(edit.clear_button, Qt.MouseButton.LeftButton)
    assert edit.date() is None


def test_a_date_can_be_typed_into_an_empty_field(qtbot):
    edit = shown(qtbot, OptionalDateEdit(today=FIXED_TODAY))
    edit.edit.setDisplayFormat("dd/MM/yyyy")  # the locale's format varies; the typing does not
    edit.setFocus()
    qtbot.keyClicks(edit.edit, "17051988")
    assert edit.date() == dt.date(1988, 5, 17)


def test_languages_are_understood_by_name_or_code(qtbot):
    edit = shown(qtbot, LanguagesEdit())
    qtbot.keyClicks(edit, "georgian, RU, Gibberish, Georgian")
    assert edit.codes() == ("ka", "ru")
    assert edit.unknown() == ["Gibberish"]
    edit.set_codes(("uk", "ru"))
    assert edit.text() == "Ukrainian, Russian"


def test_check_list_ticks_and_reads_members_in_vocabulary_order(qtbot):
    checks = shown(qtbot, VocabularyCheckList(ConsultationTopic, columns=2))
    checks.set_values(["health", ConsultationTopic.DOCUMENTS])
    assert checks.values() == (ConsultationTopic.DOCUMENTS, ConsultationTopic.HEALTH)
    assert checks.boxes[ConsultationTopic.HEALTH].text() == "Health"


def test_person_fields_give_back_the_person_they_show(qtbot):
    fields = shown(qtbot, PersonFields(FieldErrors(), "principal."))
    person = make_person(dob_estimated=True, country_of_birth="GE")
    fields.load(person)
    assert fields.form() == person
    assert fields.input_errors() == {}


def test_person_without_a_document_has_no_document_details(qtbot):
    fields = shown(qtbot, PersonFields(FieldErrors()))
    fields.load(make_person())
    fields.document_type.set_code(IdDocumentType.NONE.value)
    assert not fields.document_number.isEnabled()
    form = fields.form()
    assert (form.document_number, form.document_issuing_country, form.document_expiry) == ("", "", None)


def test_person_fields_ask_for_the_sex_and_known_languages(qtbot):
    fields = shown(qtbot, PersonFields(FieldErrors(), "members.0."))
    qtbot.keyClicks(fields.languages, "Gibberish")
    assert set(fields.input_errors()) == {"members.0.sex", "members.0.languages"}
    fields.sex.set_code(Sex.MALE.value)
    fields.languages.clear()
    assert fields.input_errors() == {}


def test_household_members_are_added_removed_and_read_in_order(qtbot):
    household = shown(qtbot, HouseholdEdit())
    household.prefill = lambda: make_person(given_names="")
    for name in ("Giorgi", "Ana", "Luka"):
        qtbot.mouseClick(household.add_button, Qt.MouseButton.LeftButton)
        page = household.member_pages()[-1]
        assert page.person.sex.value() is None  # never copied from the principal
        page.person.given_names.setText(name)
        page.person.sex.set_code("M")
        page.relationship.set_code(Relationship.CHILD.value)
    assert household.list.item(1).text() == "BERIDZE Ana — Child"
    household.list.setCurrentRow(1)
    answer_box("Yes")  # "Remove Ana BERIDZE from this household?"
    qtbot.mouseClick(household.remove_button, Qt.MouseButton.LeftButton)

    forms = household.forms()
    assert [m.person.given_names for m in forms] == ["Giorgi", "Luka"]
    assert all(m.relationship == Relationship.CHILD and m.person.citizenship == "GE" for m in forms)


def test_removing_a_member_leaves_the_keyboard_on_the_list_not_in_another_members_field(qtbot):
    """Alt+R while typing in a member's page moved the keyboard into the next member's date of birth, with its
    day selected: the next keys typed changed another child's birthday."""
    household = shown(qtbot, HouseholdEdit())
    household.activateWindow()
    qtbot.waitUntil(household.isActiveWindow)
    household.add_member(make_person(given_names="Giorgi"), Relationship.CHILD)
    household.add_member(make_person(given_names="Ana"), Relationship.CHILD)
    household.list.setCurrentRow(0)
    household.member_pages()[0].person.date_of_birth.setFocus()
    answer_box("Yes")  # asked first; the keyboard comes back from the question to the list, not a field
    household.remove_button.click()
    assert keyboard_widget() is household.list and household.list.currentItem().text().startswith("BERIDZE Ana")
    answer_box("Yes")
    household.remove_button.click()
    assert household.forms() == () and keyboard_widget() is household.add_button


def test_household_shows_a_members_problem_on_that_member(qtbot):
    household = shown(qtbot, HouseholdEdit())
    household.add_member(make_person(given_names="Giorgi"), Relationship.SPOUSE)
    second = household.add_member(make_person(given_names="Ana"), Relationship.CHILD)
    household.list.setCurrentRow(0)

    left = household.show_errors({"members.1.date_of_birth": "In the future", "members.1.nickname": "?", "x": "y"})

    assert second.errors.message("date_of_birth") == "In the future"
    assert left == {"members.1.nickname": "?", "x": "y"}
    assert household.first_invalid() is second.person.date_of_birth.parentWidget()
    assert household.list.currentRow() == 1
    household.show_errors({})
    assert second.errors.message("date_of_birth") == ""


def test_vulnerability_details_go_with_the_ticked_box(qtbot):
    errors = FieldErrors()
    edit = shown(qtbot, VulnerabilitiesEdit(errors))
    assert not edit.details[Vulnerability.PREGNANT].isEnabled()
    edit.boxes[Vulnerability.PREGNANT].setChecked(True)
    qtbot.keyClicks(edit.details[Vulnerability.PREGNANT], "7th month")
    edit.boxes[Vulnerability.ELDERLY].setChecked(True)
    forms = edit.forms()
    assert forms == (VulnerabilityForm(Vulnerability.ELDERLY), VulnerabilityForm(Vulnerability.PREGNANT, "7th month"))
    errors.show(by_code({"vulnerabilities.1": "Too long"}, forms))
    assert errors.message("vulnerabilities.pregnant") == "Too long"


def test_consent_is_none_until_ticked(qtbot):
    consent = shown(qtbot, ConsentFields(FieldErrors(), FIXED_TODAY))
    consent.load(None)
    assert consent.form() is None
    consent.setChecked(True)
    assert consent.form().given_on == FIXED_TODAY


def test_follow_ups_skip_empty_rows_and_route_errors_to_filled_ones(qtbot):
    edit = shown(qtbot, FollowUpsEdit([], dt.date(2026, 1, 3)))
    edit.start = dt.date(2026, 1, 10)
    edit.add_row()
    filled = edit.add_row("Book the ticket")
    assert filled.due_on.date().toPython() == dt.date(2026, 1, 17)
    [form] = edit.forms()
    assert form.action == "Book the ticket" and form.assigned_to_id is None
    assert edit.show_errors({"follow_ups.0.due_on": "Too early", "held_at": "x"}) == {"held_at": "x"}
    assert filled.errors.message("due_on") == "Too early"
    assert edit.first_invalid() is filled.due_on


def test_a_list_table_column_is_never_narrower_than_its_header(qtbot):
    from avrcase.ui.models.row_table import Column, RowTableModel
    from avrcase.ui.widgets.list_table import ListTable

    model = RowTableModel([Column("Grįžęs asmuo pasirašė pakvitavimą", str), Column("Pastaba", str)])
    table = ListTable(model, widths=(60, 80), stretch=1)
    qtbot.addWidget(table)
    header = table.horizontalHeader()
    assert table.columnWidth(0) >= header.fontMetrics().horizontalAdvance("Grįžęs asmuo pasirašė pakvitavimą")


def test_finishing_a_name_in_a_script_no_document_prints_shows_the_message_beside_it(qtbot):
    errors = FieldErrors()
    fields = shown(qtbot, PersonFields(errors, "principal."))
    fields.given_names_original.insert("ᏣᎳᎩ")  # Cherokee, as an input method would (QTest cannot type it)
    qtbot.keyClick(fields.given_names_original, Qt.Key.Key_Return)  # editing finished, as on leaving the field
    assert "Ꮳ" in errors.message("principal.given_names_original")
    assert errors.message("principal.family_name") == ""

    fields.given_names_original.clear()
    qtbot.keyClicks(fields.given_names_original, "Ming")
    qtbot.keyClick(fields.given_names_original, Qt.Key.Key_Return)
    assert errors.message("principal.given_names_original") == ""


def test_finishing_an_empty_name_field_keeps_the_save_time_message(qtbot):
    errors = FieldErrors()
    fields = shown(qtbot, PersonFields(errors, "principal."))
    errors.show({"principal.family_name": "Please enter the name"})
    qtbot.keyClick(fields.family_name, Qt.Key.Key_Return)
    assert errors.message("principal.family_name") == "Please enter the name"


def test_the_language_being_typed_is_offered_and_english_names_are_understood(qtbot):
    """The Russian walk typed "вьет" in the languages field: nothing was offered, and "Vietnamese" was unknown."""
    set_locale("ru")
    try:
        edit = shown(qtbot, LanguagesEdit())
        edit.activateWindow()
        edit.setFocus()
        type_text("Georgian, вьет")
        popup = edit.completer().popup()
        assert popup.isVisible() and popup.model().index(0, 0).data() == "вьетнамский"
        press(Qt.Key.Key_Down)
        press(Qt.Key.Key_Return)
        assert edit.text() == "Georgian, вьетнамский"
        assert edit.codes() == ("ka", "vi") and edit.unknown() == []
    finally:
        set_locale("en")


def test_a_date_of_birth_typed_after_a_refusal_takes_the_message_away(qtbot):
    """The Russian walk typed a date of birth under "Введите дату рождения…": the message stayed until Save."""
    errors = FieldErrors()
    fields = shown(qtbot, PersonFields(errors, "principal."))
    errors.show({"principal.date_of_birth": "Enter the date of birth."})
    assert errors.message("principal.date_of_birth")
    birth = fields.date_of_birth
    birth.today = FIXED_TODAY
    birth.edit.setDisplayFormat("dd/MM/yyyy")  # the locale's format varies; the typing does not
    birth.setFocus()
    qtbot.keyClicks(birth.edit, "12031990")
    assert birth.date() == dt.date(1990, 3, 12)
    assert errors.message("principal.date_of_birth") == ""
