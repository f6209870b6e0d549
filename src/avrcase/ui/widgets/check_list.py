"""A column of check boxes, one per vocabulary member, for "tick all that apply" questions."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget


class VocabularyCheckList(QWidget):
    """Check boxes for the members of a vocabulary; ``values()`` are the ticked members in order."""

    def __init__(self, vocabulary: type[Enum], parent: QWidget | None = None, *, columns: int = 1):
        super().__init__(parent)
        self.boxes: dict[Enum, QCheckBox] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for index, member in enumerate(vocabulary):
            box = QCheckBox(member.label, self)
            self.boxes[member] = box
            layout.addWidget(box, index // columns, index % columns)
        if self.boxes:  # focusing the list (a form's first invalid field) puts the keyboard on its first box
            self.setFocusProxy(next(iter(self.boxes.values())))

    def values(self) -> tuple:
        """The ticked members, in the vocabulary's order."""
        return tuple(m for m, box in self.boxes.items() if box.isChecked())

    def set_values(self, values: Iterable) -> None:
        """Tick exactly ``values`` (members or their codes)."""
        wanted = {str(getattr(v, "value", v)) for v in values}
        for member, box in self.boxes.items():
            box.setChecked(member.value in wanted)
