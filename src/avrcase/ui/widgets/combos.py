"""Pickers: country and language pickers (``search_picker.SearchPicker``), vocabulary combos, staff combos."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QToolTip, QWidget

from avrcase.domain.codes import STATELESS
from avrcase.i18n import _
from avrcase.i18n.format import countries, languages
from avrcase.services.dto import UserRow
from avrcase.ui.widgets.search_picker import SearchPicker


class CodeCombo(QComboBox):
    """A combo of (code, label) pairs; ``code()`` is the chosen code or ``""`` for the empty entry."""

    def __init__(self, pairs: Iterable[tuple[str, str]], empty_text: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        # Long vocabularies (GDPR bases, 250 countries) must not size the dialog to their longest label.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        if empty_text is not None:
            self.addItem(empty_text, "")
        for code, label in pairs:
            self.addItem(label, code)
            self.setItemData(self.count() - 1, label, Qt.ItemDataRole.ToolTipRole)

    def showPopup(self) -> None:  # noqa: N802 - Qt override
        """Open the list as wide as its longest entry (up to the screen's width), however narrow the field: a
        long legal status ("Prieglobsčio prašytojas, kuriam atsisakyta suteikti prieglobstį") was cut off in a
        list as narrow as the field at 1024 px."""
        view = self.view()
        metrics = view.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        room = widest + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width() + 24
        screen = self.screen().availableGeometry().width() if self.screen() is not None else room
        view.setMinimumWidth(min(room, screen))
        super().showPopup()

    def _field_width(self, option: QStyleOptionComboBox) -> int:
        return self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self).width()

    def text_is_cut(self) -> bool:
        """Whether the chosen entry is wider than the field shows."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self.fontMetrics().horizontalAdvance(self.currentText()) > self._field_width(option)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """A chosen entry wider than the field ends in "…" rather than being cut off mid-letter."""
        if self.isEditable() or not self.text_is_cut():
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           self._field_width(option))
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def event(self, event: QEvent) -> bool:
        """A chosen entry cut off in the field shows whole as the pointer rests on it."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent) and self.text_is_cut():
            QToolTip.showText(event.globalPos(), self.currentText(), self)
            return True
        return super().event(event)

    def code(self) -> str:
        """The selected code; ``""`` when nothing (or text matching no entry) is chosen."""
        index = self.currentIndex()
        if self.isEditable():
            index = self.findText(self.currentText(), Qt.MatchFlag.MatchFixedString)
        return str(self.itemData(index)) if index >= 0 else ""

    def set_code(self, code: str | None) -> None:
        """Select the entry for ``code`` (the empty entry, or the first, when it is unknown)."""
        index = self.findData(code or "")
        self.setCurrentIndex(max(index, 0))


class CountryCombo(SearchPicker):
    """A country by name in the UI language; optionally "Stateless or unknown" (``XX``) first."""

    def __init__(self, parent: QWidget | None = None, *, allow_stateless: bool = False,
                 empty_text: str | None = "—"):
        pairs = countries()
        if allow_stateless:
            pairs = [(STATELESS, _("Stateless or unknown")), *pairs]
        super().__init__(pairs, empty_text, parent)


class LanguageCombo(SearchPicker):
    """A language by name in the UI language."""

    def __init__(self, parent: QWidget | None = None, *, empty_text: str | None = "—"):
        super().__init__(languages(), empty_text, parent)


class VocabularyCombo(CodeCombo):
    """The members of a vocabulary (StrEnum with labels); ``value()`` returns the member."""

    def __init__(self, vocabulary: type[Enum], parent: QWidget | None = None, *,
                 empty_text: str | None = None, members: Sequence[Enum] | None = None):
        chosen = members if members is not None else list(vocabulary)
        super().__init__(((m.value, m.label) for m in chosen), empty_text, parent)
        self._vocabulary = vocabulary

    def value(self):
        """The chosen member, or ``None`` for the empty entry."""
        code = self.code()
        return self._vocabulary(code) if code else None


class UserCombo(QComboBox):
    """Members of staff by display name; ``user_id()`` is the chosen id or ``None``."""

    def __init__(self, users: Sequence[UserRow], parent: QWidget | None = None, *,
                 empty_text: str | None = None):
        super().__init__(parent)
        self._empty_text = empty_text
        self.set_users(users)

    def set_users(self, users: Sequence[UserRow]) -> None:
        """Replace the entries, keeping the selection when that person is still listed."""
        keep = self.user_id()
        self.blockSignals(True)
        self.clear()
        if self._empty_text is not None:
            self.addItem(self._empty_text, None)
        for user in users:
            self.addItem(user.display_name, user.id)
        self.blockSignals(False)
        self.set_user_id(keep)

    def user_id(self) -> int | None:
        """The chosen person's id."""
        data = self.currentData()
        return int(data) if data is not None else None

    def set_user_id(self, user_id: int | None) -> None:
        """Select the person with ``user_id`` (or the first entry)."""
        index = self.findData(user_id) if user_id is not None else -1
        self.setCurrentIndex(max(index, 0) if self.count() else -1)
