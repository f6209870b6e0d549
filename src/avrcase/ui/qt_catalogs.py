"""Qt's own texts (file dialog, line edit menus, message box buttons) in the interface language.

Qt ships ``qtbase_<lang>.qm`` for Russian but none for Lithuanian; for Lithuanian it ships only the older
whole-of-Qt catalog ``qt_lt.qm``, which translates the file dialog and the editing menus but not the standard
buttons Qt 6 labels through ``QPlatformTheme`` (Save, Cancel, Yes, No, OK…). Those come from our catalogs
when Qt's leave them English, so a Lithuanian file dialog no longer says "Cancel".

Qt 6 also gave some texts a mnemonic its catalogs (Russian's too) do not know yet ("&Look in:", "Files of
&type:"), and renamed the context of a text box's menu (``QWidgetTextControl``, once ``QTextControl``): those are
looked up as the catalogs know them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from avrcase.i18n import N_, gettext_from, load_translations

#: Qt's catalogs, best first: Qt 6's own, then the older catalog of all of Qt (the only one in Lithuanian).
QT_CATALOGS = ("qtbase", "qt")

#: The standard buttons' texts as Qt 6 asks for them (context ``QPlatformTheme``), answered from our catalogs.
STANDARD_BUTTONS = {
    "OK": N_("OK"), "Save": N_("Save"), "Save All": N_("Save All"), "Open": N_("Open"), "&Yes": N_("&Yes"),
    "Yes to &All": N_("Yes to &All"), "&No": N_("&No"), "N&o to All": N_("N&o to All"), "Abort": N_("Abort"),
    "Retry": N_("Retry"), "Ignore": N_("Ignore"), "Close": N_("Close"), "Cancel": N_("Cancel"),
    "Discard": N_("Discard"), "Help": N_("Help"), "Apply": N_("Apply"), "Reset": N_("Reset"),
    "Restore Defaults": N_("Restore Defaults"),
}
#: Contexts Qt renamed, and the names older catalogs know them by.
OLDER_CONTEXTS = {"QWidgetTextControl": ("QTextControl",)}

#: Words Qt's catalog says differently from every other button of avrcase ("Įrašyti" where ours say "Išsaugoti").
OUR_WORDS = {("QFileDialog", "&Save"): N_("&Save")}


class QtTexts(QTranslator):
    """Qt's catalog for one language, with the standard buttons it leaves English taken from ours."""

    def __init__(self, locale: str, parent=None):
        super().__init__(parent)
        self.locale = locale
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        self.loaded = any(self.load(QLocale(locale), name, "_", folder) for name in QT_CATALOGS)
        ours = load_translations(locale)
        self._buttons = {source: text for source, message in STANDARD_BUTTONS.items()
                         if (text := gettext_from(ours, message)) != message}
        self._ours = {key: text for key, message in OUR_WORDS.items() if (text := gettext_from(ours, message)) != message}

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102 - Qt's virtual
        if (context, source) in self._ours:
            return self._ours[context, source]
        text = self._from_qt(context, source, disambiguation, n)
        if not text and "&" in source:  # a mnemonic Qt 6 added: the catalog knows the text without it
            text = with_mnemonic(self._from_qt(context, source.replace("&", ""), disambiguation, n), source)
        if not text and context == "QPlatformTheme":
            text = self._buttons.get(source, "")
        # WORKAROUND: PySide turns "" into an empty but not null QString, which Qt takes for a translation (it
        # asks the next catalog, or keeps the English, only on a null one): None is the null string.
        return text or None

    def _from_qt(self, context: str, source: str, disambiguation, n: int) -> str:
        if not self.loaded:
            return ""
        for name in (context, *OLDER_CONTEXTS.get(context, ())):
            text = super().translate(name, source, disambiguation, n)
            if text:
                return text
        return ""

    def isEmpty(self) -> bool:  # noqa: D102, N802 - Qt's virtual: an empty translator is never asked
        return not self.loaded and not self._buttons and not self._ours


def with_mnemonic(text: str, source: str) -> str:
    """``text`` (a translation without a mnemonic) with one where ``source`` has it: on the same letter where the
    translation has that letter ("Files of &type:" → "Failų &tipas:"), else on its first letter."""
    if not text or "&" in text:
        return text
    letter = source[source.index("&") + 1:][:1].lower()
    at = text.lower().find(letter) if letter.isalnum() else -1
    if at < 0:
        at = next((i for i, c in enumerate(text) if c.isalnum()), 0)
    return text[:at] + "&" + text[at:]


_installed: dict[int, QtTexts] = {}


def install(app: QCoreApplication, locale: str) -> QtTexts | None:
    """Make ``locale`` the language of Qt's own texts, replacing the language installed before (if any).

    Returns the installed translator, ``None`` where neither Qt nor we have anything for ``locale`` (English).
    """
    previous = _installed.pop(id(app), None)
    if previous is not None:
        app.removeTranslator(previous)
    translator = QtTexts(locale, app)
    if translator.isEmpty():
        translator.deleteLater()
        return None
    app.installTranslator(translator)
    _installed[id(app)] = translator
    return translator
