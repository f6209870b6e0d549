"""The main window's pages: a navigation row each, some pages built only when first shown (issue #14)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QStackedWidget, QWidget


class LazyPages:
    """The rows of ``navigation`` and the pages of ``pages``, one page per row, in the same order.

    A page added with ``add_later`` is a stand-in until it is first shown or asked for (``page``): then
    ``make()`` builds it in the stand-in's place, so the start does not wait for pages nobody has opened yet.
    """

    def __init__(self, navigation: QListWidget, pages: QStackedWidget):
        self._navigation = navigation
        self._pages = pages
        self._later: dict[int, Callable[[], QWidget]] = {}
        self._built: set[int] = set()

    def add_later(self, title: str, make: Callable[[], QWidget]) -> int:
        """A navigation row whose page ``make()`` builds when first needed; its row (and page index)."""
        self._navigation.addItem(title)
        index = self._pages.addWidget(QWidget())  # the stand-in
        self._later[index] = make
        return index

    def offer_only(self, allowed: Callable[[int], bool]) -> None:
        """Show only the rows whose page is ``allowed``; the others are disabled too, for Qt's End key went to a
        hidden last row ("Budget" for a reintegration officer: a page their role may not use)."""
        for row in range(self._navigation.count()):
            item = self._navigation.item(row)
            item.setHidden(not allowed(row))
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags if allowed(row) else Qt.ItemFlag.NoItemFlags)

    def is_built(self, index: int) -> bool:
        return index not in self._later or index in self._built

    def page(self, index: int) -> QWidget:
        """The page at ``index``, built now if it was not yet."""
        page = self._pages.widget(index)
        if page is None:
            raise IndexError(index)
        if not self.is_built(index):
            self._built.add(index)
            stand_in, page = page, self._later[index]()
            current = self._pages.currentIndex()
            self._pages.insertWidget(index, page)
            self._pages.removeWidget(stand_in)
            stand_in.deleteLater()
            self._pages.setCurrentIndex(current)
        return page
