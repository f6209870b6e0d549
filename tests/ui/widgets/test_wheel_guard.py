"""Scrolling a form with the mouse wheel never changes an answer (#19, item 4)."""

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDoubleSpinBox, QScrollArea, QVBoxLayout, QWidget

from avrcase.ui.widgets.wheel_guard import install_wheel_guard


def _wheel(widget, steps=-1):
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def _form(qtbot):
    install_wheel_guard(QApplication.instance())
    area = QScrollArea()
    body = QWidget()
    layout = QVBoxLayout(body)
    answer = QComboBox()
    answer.addItems(["Yes", "No", "Don't know"])
    score = QDoubleSpinBox()
    score.setValue(1.0)
    layout.addWidget(answer)
    layout.addWidget(score)
    for _ in range(40):
        layout.addWidget(QComboBox())
    area.setWidget(body)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    return area, answer, score


def test_the_wheel_over_an_answer_scrolls_the_form_and_keeps_the_answer(qtbot):
    area, answer, score = _form(qtbot)
    area.setFocus()
    _wheel(answer)
    _wheel(score)
    assert answer.currentText() == "Yes" and score.value() == 1.0
    assert area.verticalScrollBar().value() > 0  # the form scrolled instead


def test_the_wheel_still_works_in_the_field_being_edited(qtbot):
    _area, answer, _score = _form(qtbot)
    answer.setFocus()
    qtbot.waitUntil(answer.hasFocus)
    _wheel(answer)
    assert answer.currentText() == "No"
