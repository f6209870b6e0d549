"""A red message under a field, and the map from validation field paths to those labels."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from avrcase.ui import palette


class ErrorLabel(QLabel):
    """Shows one validation message beside its field; hidden while there is nothing to say.

    A ``caution`` label holds notes that do not stop a save (a short connection, a day other than the booked
    one): every message it shows is in the caution colour, the one its dialog's summary calls amber.
    """

    def __init__(self, parent: QWidget | None = None, *, caution: bool = False):
        super().__init__(parent)
        self._style = palette.CAUTION_TEXT_STYLE if caution else palette.ERROR_TEXT_STYLE
        self.setWordWrap(True)
        self.setStyleSheet(self._style)
        self.setVisible(False)
        self._message = ""

    def show_message(self, text: str) -> None:
        """Show ``text``; an empty text hides the label. The window grows to show all of it (a dialog sized
        before the message appeared would cut its lines off)."""
        self.setMinimumHeight(0)
        # Set again on every message: a summary shows a note (show_note) one time and an error the next.
        self.setStyleSheet(self._style)
        self._message = text
        self.setText(_in_direction(text, self.layoutDirection() == Qt.LayoutDirection.RightToLeft))
        self.setVisible(bool(text))
        if text:
            grow_to_fit(self.window())

    def show_note(self, text: str) -> None:
        """Show ``text`` as something to check rather than an error (in the caution colour): it does not stop
        the save."""
        self.show_message(text)
        self.setStyleSheet(palette.CAUTION_TEXT_STYLE)

    def clear_message(self) -> None:
        """Hide the label."""
        self.show_message("")

    def withdraw_message(self) -> None:
        """The field's answer changed: the message goes, its room stays until the next check. Collapsing it at
        once moved every field below up a row under the pointer, and the next click landed in the wrong field
        (a date meant for one field typed into the one above)."""
        if self.isHidden() or not self.text():
            return
        self.setMinimumHeight(self.height())
        self._message = ""
        self.setText("")

    @property
    def message(self) -> str:
        """The message shown, or ``""`` while the label is hidden."""
        return self._message if not self.isHidden() else ""


def _in_direction(text: str, right_to_left: bool) -> str:
    """``text`` led by a direction mark when its first letter runs the other way than the window: Qt takes a
    paragraph's direction from its first letter, and a message opening with an Arabic name ("“الأحمد” moved to …")
    was laid out right to left, its English words out of order."""
    first = next((unicodedata.bidirectional(c) for c in text if unicodedata.bidirectional(c) in ("L", "R", "AL")), "L")
    if (first != "L") == right_to_left:
        return text
    return ("\u200f" if right_to_left else "\u200e") + text


def grow_to_fit(window: QWidget) -> None:
    """Make a shown window tall enough for what its layout now holds (never narrower, never smaller)."""
    layout = window.layout()
    if not window.isWindow() or not window.isVisible() or layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth() else \
        layout.totalSizeHint().height()
    if needed > window.height():
        window.resize(window.width(), needed)


#: The signals by which the kinds of field say a person changed the answer (a field gives some of them).
_CHANGED_SIGNALS = ("textChanged", "editTextChanged", "currentIndexChanged", "date_changed", "dateChanged",
                    "dateTimeChanged", "toggled", "valueChanged", "changed")


class FieldErrors:
    """Routes a ``ValidationError``'s dotted field paths to the error label of each field.

    Paths are registered in form order, so ``first_invalid`` is the field a person reaches first.
    """

    def __init__(self) -> None:
        self._labels: dict[str, ErrorLabel] = {}
        self._fields: dict[str, QWidget] = {}

    def add(self, path: str, label: ErrorLabel, field: QWidget | None = None) -> ErrorLabel:
        """Register ``label`` (and the ``field`` to focus) for ``path`` (e.g. ``principal.family_name``).

        The message goes once the field's answer changes: a message left under a field already corrected
        ("Please choose a country." beside a chosen country) said it was still wrong until the next Save.
        """
        self._labels[path] = label
        if field is not None:
            self._fields[path] = field
            for name in _CHANGED_SIGNALS:
                signal = getattr(field, name, None)
                if signal is not None and hasattr(signal, "connect"):
                    signal.connect(label.withdraw_message)
        return label

    def label(self, path: str) -> ErrorLabel | None:
        """The label shown for ``path``, if the form has one."""
        return self._labels.get(path)

    def message(self, path: str) -> str:
        """The message shown for ``path`` (``""`` when none is shown or the path is unknown)."""
        label = self._labels.get(path)
        return label.message if label is not None else ""

    def clear(self) -> None:
        """Hide every message."""
        for label in self._labels.values():
            label.clear_message()

    def show(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Show each message beside its field; return those no field claimed (for a summary)."""
        self.clear()
        unclaimed: dict[str, str] = {}
        for path, message in errors.items():
            if path in self._labels:
                self._labels[path].show_message(message)
            else:
                unclaimed[path] = message
        return unclaimed

    def first_invalid(self) -> QWidget | None:
        """The field of the first shown message, in the order the fields were registered (a frame of fields: its
        first that takes the keyboard, for focusing the frame left the keys with nothing)."""
        for path, label in self._labels.items():
            if label.message:
                return _taking_keys(self._fields.get(path, label))
        return None


def _taking_keys(field: QWidget) -> QWidget:
    """``field``, or where it takes no keyboard focus itself, the first widget inside it that does."""
    if field.focusPolicy() != Qt.FocusPolicy.NoFocus or field.focusProxy() is not None:
        return field
    widget = field.nextInFocusChain()
    while widget is not None and widget is not field and field.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(field) and widget.isEnabled():
            return widget
        widget = widget.nextInFocusChain()
    return field


def errors_by_index(errors: Mapping[str, str], prefix: str) -> tuple[dict[int, dict[str, str]], dict[str, str]]:
    """Split ``prefix.N.rest`` paths by row: ``({N: {rest: message}}, other errors)``.

    Rows of a list (household members, follow-ups) each have their own ``FieldErrors`` keyed by ``rest``.
    """
    rows: dict[int, dict[str, str]] = {}
    others: dict[str, str] = {}
    head = prefix + "."
    for path, message in errors.items():
        index, _dot, rest = path[len(head):].partition(".") if path.startswith(head) else ("", "", "")
        if index.isdigit():
            rows.setdefault(int(index), {})[rest] = message
        else:
            others[path] = message
    return rows, others
