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
