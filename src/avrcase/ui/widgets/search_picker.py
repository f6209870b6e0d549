"""The one type-to-search picker (countries, nationalities, languages, the office's country …).

Suggestions are ranked: names that start with what was typed first, then names with a word that starts
with it, then names that merely contain it, each group in the list's own (alphabetical) order; letters
are compared without case and accents, so "rus" in Lithuanian offers *rusų* before *baltarusių*.
What the field shows is always what it holds: Enter (or leaving the field) on a partial name picks the
best name that starts with it, or the only one that contains it, and otherwise refuses with a message
and puts the last choice back — never a typed text over an empty value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QToolTip, QWidget

from avrcase.i18n import _
from avrcase.ui import palette

_WORD_START = re.compile(r"[\s\-‐'’(/,.]+")


def fold(text: str) -> str:
    """``text`` for matching: case and accents dropped ("Rusų" → "rusu", "Côte" → "cote")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def match_rank(query: str, label: str) -> int | None:
    """0 when the folded ``label`` starts with the folded ``query``, 1 when one of its words does, 2 when it
    merely contains it, ``None`` when it does not; both arguments already folded."""
    if label.startswith(query):
        return 0
    if any(word.startswith(query) for word in _WORD_START.split(label)[1:]):
        return 1
    if query in label:
        return 2
    return None


def sort_key(rank: int, label: str, row: int) -> tuple[int, int, int]:
    """Best first: by rank; among names starting with the text the shorter (closer) one ("rusų" before
    "rusinų"); then the list's own order."""
    return rank, len(label) if rank == 0 else 0, row


def ranked(query: str, labels: Sequence[str]) -> list[int]:
    """Indexes of the ``labels`` that match ``query``, best first."""
    q = fold(query.strip())
    if not q:
        return list(range(len(labels)))
    scored = [sort_key(rank, label, i) for i, label in enumerate(labels)
              if (rank := match_rank(q, fold(label))) is not None]
    return [key[-1] for key in sorted(scored)]


def resolve(query: str, labels: Sequence[str]) -> int | None:
    """The label a partial ``query`` means: an exact name, else the best name starting with it, else the only
    name containing it; ``None`` when it names none or several without a clear first."""
    q = fold(query.strip())
    folded = [fold(label) for label in labels]
    if q in folded:
        return folded.index(q)
    matches = ranked(query, labels)
    if matches and folded[matches[0]].startswith(q):
        return matches[0]
    return matches[0] if len(matches) == 1 else None


def _refusal(text: str) -> str:
    if not text.strip():
        return _("Please choose from the list.")
    return _("“%(text)s” is not in the list: type the start of a name and choose from the suggestions.") % {
        "text": text.strip()}


class RankedFilterModel(QSortFilterProxyModel):
    """The suggestions of a picker: the source rows matching the query, best first."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._query = ""
        self._folded: dict[str, str] = {}

    def _fold(self, text: str) -> str:
        folded = self._folded.get(text)
        if folded is None:
            folded = self._folded[text] = fold(text)
        return folded

    def _rank(self, source_row: int) -> int | None:
        label = self.sourceModel().index(source_row, 0).data(Qt.ItemDataRole.DisplayRole) or ""
        if not label:
            return None  # the empty entry is never a suggestion
        return match_rank(self._query, self._fold(label)) if self._query else 0

    def set_query(self, query: str) -> None:
        """Suggest the rows matching ``query``."""
        self._query = fold(query.strip())
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        return self._rank(source_row) is not None

    def _key(self, index: QModelIndex | QPersistentModelIndex) -> tuple[int, int, int]:
        return sort_key(self._rank(index.row()) or 0, self._fold(index.data() or "") if self._query else "", index.row())

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:
        return self._key(left) < self._key(right)


class SearchPicker(QComboBox):
    """A long list of (code, name) the person types into; ``code()`` is the chosen code, ``""`` for none.

    ``empty_text`` (when not ``None``) adds a "nothing chosen" entry, shown as the field's placeholder.
    ``refused`` carries the message shown when a typed text names nothing.
    """

    refused = Signal(str)

    def __init__(self, pairs: Iterable[tuple[str, str]], empty_text: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._optional = empty_text is not None
        if self._optional:
            self.addItem("", "")
        for code, label in pairs:
            self.addItem(label, code)
        self.suggestions = RankedFilterModel(self)
        self.suggestions.setSourceModel(self.model())
        completer = QCompleter(self)
        completer.setModel(self.suggestions)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        placeholder = empty_text if empty_text and empty_text != "—" else _("Type to search")
        self.lineEdit().setPlaceholderText(placeholder)
        self.lineEdit().textEdited.connect(self._on_line_edit_text_edited)
        self.lineEdit().returnPressed.connect(self._on_line_edit_return_pressed)
        self.currentIndexChanged.connect(self._show_start)
        self.refusal = ""
        self._show_start()

    # --- the value -------------------------------------------------------------------------------------

    def code(self) -> str:
        """The chosen code; a typed text still waiting is resolved first (or refused and put back)."""
        self.commit()
        return str(self.itemData(self.currentIndex()) or "") if self.currentIndex() >= 0 else ""

    def set_code(self, code: str | None) -> None:
        """Select the entry for ``code`` (the empty entry, or the first, when it is unknown)."""
        index = self.findData(code or "")
        self.setCurrentIndex(max(index, 0))
        self.setEditText(self.itemText(self.currentIndex()))
        self._show_start()

    def labels(self) -> list[str]:
        """Every entry's name, in list order."""
        return [self.itemText(i) for i in range(self.count())]

    def pending(self) -> bool:
        """Whether the field shows a typed text that is not (yet) the chosen entry's name."""
        return self.currentText() != self.itemText(self.currentIndex())

    def commit(self, *, show_refusal: bool = True) -> bool:
        """Make the typed text a choice: True when the field now shows what it holds as typed; False when the
        text named nothing, after putting the last choice back and saying so."""
        if not self.pending():
            return True
        self.completer().popup().hide()
        text = self.currentText()
        if not text.strip() and self._optional:
            self.setCurrentIndex(0)
            self.setEditText("")
            return True
        row = resolve(text, self.labels()) if text.strip() else None
        if row is not None and self.itemText(row):
            self.setCurrentIndex(row)
            self.setEditText(self.itemText(row))
            self._show_start()
            self._say("")
            return True
        if show_refusal:
            self._say(_refusal(text))
        self.setEditText(self.itemText(self.currentIndex()))
        return False

    def _say(self, message: str) -> None:
        self.refusal = message
        self.setToolTip(message)
        self.setStyleSheet(f"QComboBox {{ border: 1px solid {palette.ERROR}; }}" if message else "")
        if message:
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
            self.refused.emit(message)
        else:
            QToolTip.hideText()

    # --- typing ----------------------------------------------------------------------------------------

    def _on_line_edit_text_edited(self, text: str) -> None:
        self.suggestions.set_query(text)

    def _on_line_edit_return_pressed(self) -> None:
        # Enter while the suggestions were open, with none highlighted: the completer hands the key to the
        # line edit, never to ``keyPressEvent``; resolve here just the same (idempotent).
        if self.pending():
            self._enter()

    def _enter(self) -> None:
        text = self.currentText()
        if self.commit(show_refusal=False):
            return
        self.setEditText(text)  # leave the typing to correct, but nothing is chosen by it
        self.lineEdit().selectAll()
        self._say(_refusal(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on a partial name picks or refuses — and is not passed on to the dialog, which would
        otherwise save the field's old value under the typed text."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.pending():
            self._enter()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Leaving the field settles it: the typed text becomes a choice, or the last choice comes back."""
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.completer().popup().hide()
            self.commit()
        super().focusOutEvent(event)

    def _show_start(self, *_args) -> None:
        # A narrow combo shows the start of the chosen name, not its end.
        self.lineEdit().setCursorPosition(0)
