"""Translation functions for the whole app: ``_``, ``ngettext``, ``N_`` and locale set-up.

English is the source language. Catalogs live in ``resources/translations/<lang>/LC_MESSAGES``;
a compiled ``.mo`` is preferred, a ``.po`` is compiled in memory when running from a checkout.
This module imports nothing of ours, so every layer (domain included) may use it.
"""

from __future__ import annotations

import gettext as _gettext
import io
import threading
from importlib import resources

DOMAIN = "avrcase"
SOURCE_LOCALE = "en"

#: Languages whose Babel (CLDR) data the frozen app ships, with every regional variant (``lt_LT``,
#: ``en_GB``…) and ``root``: the UI and document languages (en, lt, ru) and every language whose
#: country names an import recognises (``services.imports.values.COUNTRY_NAME_LOCALES``).
#: packaging/avrcase.spec keeps only these; tests/packaging fails when a supported language is missing.
BUNDLED_BABEL_LANGUAGES = (
    "en", "lt", "ru", "uk", "be", "pl", "de", "fr", "es", "it", "pt", "tr", "ar", "fa", "ka", "hy", "az", "uz",
    "kk", "ky", "tg", "tk", "ro", "vi", "zh", "hi", "ur", "bn", "ps", "so", "am",
    "ckb", "kmr", "ku", "pa", "si", "ta",  # returnee languages of the wording files (ku: Kurmanji's data)
)


def is_bundled_babel_file(filename: str) -> bool:
    """True for a file of Babel's ``locale-data`` folder the frozen app ships (``lt_LT.dat``, ``root.dat``…)."""
    stem, dot, suffix = filename.partition(".")
    if suffix != "dat":
        return not dot  # no other kinds of files are in the folder; keep anything unexpected
    return stem == "root" or stem.split("_", 1)[0] in BUNDLED_BABEL_LANGUAGES


def formatting_locale(name: str) -> str:
    """``name`` if Babel has its data here, else its language, else English (``de_AT`` → ``de``, ``ja_JP`` → ``en``).

    The frozen app ships Babel data for :data:`BUNDLED_BABEL_LANGUAGES` only, so a computer set to another
    locale gets English dates and numbers instead of an error.
    """
    from babel import localedata

    for candidate in (name, name.split("_", 1)[0]):
        if candidate and localedata.exists(candidate):
            return candidate
    return SOURCE_LOCALE

_lock = threading.Lock()
_state: dict[str, object] = {
    "locale": SOURCE_LOCALE,
    "translations": _gettext.NullTranslations(),
}


def _catalog_dir():
    return resources.files("avrcase.resources") / "translations"


def available_locales() -> list[str]:
    """Locales that ship a catalog, plus the English source."""
    found = {SOURCE_LOCALE}
    root = _catalog_dir()
    if root.is_dir():
        for entry in root.iterdir():
            messages = entry / "LC_MESSAGES"
            if messages.is_dir() and (
                (messages / f"{DOMAIN}.mo").is_file() or (messages / f"{DOMAIN}.po").is_file()
            ):
                found.add(entry.name)
    return sorted(found)


def load_translations(locale: str) -> _gettext.NullTranslations:
    """Return the translations for ``locale`` (falls back to the language, then to English)."""
    candidates = [locale]
    if "_" in locale:
        candidates.append(locale.split("_", 1)[0])
    root = _catalog_dir()
    for name in candidates:
        messages = root / name / "LC_MESSAGES"
        mo = messages / f"{DOMAIN}.mo"
        if mo.is_file():
            return _gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
        po = messages / f"{DOMAIN}.po"
        if po.is_file():
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            catalog = read_po(io.BytesIO(po.read_bytes()))
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            buffer.seek(0)
            return _gettext.GNUTranslations(buffer)
    return _gettext.NullTranslations()


def set_locale(locale: str) -> None:
    """Make ``locale`` (for example ``"lt"`` or ``"en_GB"``) the language of the UI and documents."""
    translations = load_translations(locale)
    with _lock:
        _state["locale"] = locale
        _state["translations"] = translations


def current_locale() -> str:
    """The locale used for messages and formatting now."""
    return str(_state["locale"])


def _(message: str) -> str:
    """Translate ``message`` into the current locale."""
    return _state["translations"].gettext(message)  # type: ignore[attr-defined]


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count ``n``."""
    return _state["translations"].ngettext(singular, plural, n)  # type: ignore[attr-defined]


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translate at use with ``_``)."""
    return message


def translate_in(locale: str, message: str) -> str:
    """Translate ``message`` into a given locale without changing the current one (bilingual documents)."""
    return load_translations(locale).gettext(message)
