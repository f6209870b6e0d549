"""A field's red message goes once its answer changes, and its room stays until the next check, so the fields
below do not move up under the pointer (a click meant for one field landed in the one above it)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors


def test_a_corrected_fields_message_goes_without_moving_the_fields_below(qtbot):
    form = QWidget()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    errors = FieldErrors()
    first, below = QLineEdit(), QLineEdit()
    label = errors.add("first", ErrorLabel(), first)
    for widget in (first, label, below):
        layout.addWidget(widget)
    layout.addStretch(1)
    form.resize(300, 300)
    form.show()
    errors.show({"first": "Please enter the family name."})
    qtbot.wait(20)
    where = below.y()

    qtbot.keyClicks(first, "Beridze")
    qtbot.wait(20)
    assert errors.message("first") == "" and label.text() == ""
    assert below.y() == where  # the room stays while the person goes on correcting

    errors.clear()  # the next check: the room goes
    qtbot.wait(20)
    assert below.y() < where
    errors.show({"first": "Too long."})
    assert errors.message("first") == "Too long." and label.minimumHeight() == 0


def test_an_amount_message_that_goes_while_typing_leaves_the_fields_below_where_they_were(qtbot):
    """Typing "12x" showed "not an amount" under the cost and pushed "Deliver by" down; correcting it to "12" took
    the line away again, so the form jumped under the pointer at each keystroke."""
    from avrcase.ui.dialogs.plan_item_dialog import PlanItemDialog

    dialog = PlanItemDialog("EUR", lambda form: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    cost = dialog.estimated_cost
    qtbot.keyClicks(cost.line_edit, "12x")
    qtbot.wait(20)
    assert cost.error.message  # the typed text is no amount, and it says so at once
    where = dialog.due_on.mapTo(dialog, dialog.due_on.rect().topLeft()).y()

    qtbot.keyClick(cost.line_edit, "\b")
    qtbot.wait(20)
    assert cost.error.message == "" and cost.money() is not None
    assert dialog.due_on.mapTo(dialog, dialog.due_on.rect().topLeft()).y() == where

    qtbot.keyClicks(cost.line_edit, "y")  # wrong again: the message comes back in the room it kept
    qtbot.wait(20)
    assert cost.error.message and dialog.due_on.mapTo(dialog, dialog.due_on.rect().topLeft()).y() == where


def test_the_first_invalid_frame_of_fields_gives_the_keyboard_to_its_first_field(qtbot):
    """Walk 13: a refused group of fields (who took part, the topics) took the focus itself, where no key did
    anything; the first field in it that takes the keyboard is focused instead."""
    from PySide6.QtWidgets import QCheckBox

    form = QWidget()
    qtbot.addWidget(form)
    frame = QWidget(form)
    boxes = QVBoxLayout(frame)
    hidden, first, second = QCheckBox("hidden"), QCheckBox("first"), QCheckBox("second")
    for box in (hidden, first, second):
        boxes.addWidget(box)
    hidden.setVisible(False)
    errors = FieldErrors()
    errors.add("group", ErrorLabel(form), frame)
    errors.show({"group": "Please tick one."})
    assert errors.first_invalid() is first
