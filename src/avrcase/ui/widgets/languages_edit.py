"""Several languages typed as names or codes, separated by commas (e.g. "Georgian, Russian")."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLineEdit, QWidget

from avrcase.i18n import _
from avrcase.i18n.format import language_name, languages


class LanguagesEdit(QLineEdit):
    """A line of language names; ``codes()`` are the ISO codes, ``unknown()`` the words not understood."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(_("e.g. Georgian, Russian"))
        self._by_name = {name.casefold(): code for code, name in languages()}
        self._codes = {code for code, _name in languages()}

    def _tokens(self) -> list[str]:
        return [t.strip() for t in self.text().split(",") if t.strip()]

    def _code(self, token: str) -> str | None:
        if token.lower() in self._codes:
            return token.lower()
        return self._by_name.get(token.casefold())

    def codes(self) -> tuple[str, ...]:
        """The languages understood, as codes, without repeats."""
        found: list[str] = []
        for token in self._tokens():
            code = self._code(token)
            if code and code not in found:
                found.append(code)
        return tuple(found)

    def unknown(self) -> list[str]:
        """Words that name no language we know."""
        return [t for t in self._tokens() if self._code(t) is None]

    def set_codes(self, codes: Iterable[str]) -> None:
        """Show the languages' names."""
        self.setText(", ".join(language_name(c) for c in codes))
