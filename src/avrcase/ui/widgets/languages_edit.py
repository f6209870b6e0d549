"""Several languages typed as names or codes, separated by commas (e.g. "Georgian, Russian"), each name offered as
it is typed; English names are understood in every interface language."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from avrcase.i18n import _
from avrcase.i18n.format import language_name, languages


class LanguagesEdit(QLineEdit):
    """A line of language names; ``codes()`` are the ISO codes, ``unknown()`` the words not understood."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(_("e.g. Georgian, Russian"))
        # English names too: "Vietnamese" typed in a Russian interface named no language.
        self._by_name = {name.casefold(): code for code, name in (*languages("en"), *languages())}
        self._codes = {code for code, _name in languages()}
        self.setCompleter(LanguageCompleter([name for _code, name in languages()], self))

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


class LanguageCompleter(QCompleter):
    """Completes the language being typed after the last comma ("грузинский, вьет" offers "вьетнамский"): the
    Russian walk typed "вьет" and was told "Неизвестный язык: вьет", with nothing offered."""

    def __init__(self, names: list[str], edit: QLineEdit):
        model = QStringListModel(names)
        super().__init__(model, edit)
        model.setParent(self)  # else Python lets go of it and the completer has no model
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchStartsWith)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802 - Qt override
        before = self._edit.text().rsplit(",", 1)
        chosen = str(index.data())
        return f"{before[0].rstrip()}, {chosen}" if len(before) > 1 else chosen
