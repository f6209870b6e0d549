"""Translation functions for the whole app: ``_``, ``ngettext``, ``pgettext``, ``N_``, ``NP_`` and locale set-up.

English is the source language. Catalogs live in ``resources/translations/<lang>/LC_MESSAGES``;
an installed app reads the ``.mo`` its build compiled; a checkout compiles its ``.po`` once and keeps the result
beside it, named by the ``.po``'s content, for the next process.
This module imports nothing of ours, so every layer (domain included) may use it.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import hashlib
import io
import threading
from collections.abc import Mapping
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
    "ckb", "kmr", "ku", "pa", "si", "ta", "ti", "sq", "mn", "ne", "sw", "ko",  # returnee languages of the wording files (ku: Kurmanji's data)
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
        if mo.is_file():  # installed: compiled by the build from the .po beside it
            return _parsed(mo.read_bytes())
        po = messages / f"{DOMAIN}.po"
        if po.is_file():  # a checkout: its .po compiled once, as it is now
            po_bytes = po.read_bytes()
            cached = _cached(messages, po_bytes)
            if cached.is_file():
                return _parsed(cached.read_bytes())
            compiled = _compile(po_bytes)
            _keep(cached, compiled)
            return _parsed(compiled)
    return _gettext.NullTranslations()


#: Catalogs parsed in this process, by the SHA-256 of their compiled bytes: a case summary asked for the
#: Lithuanian catalog four times, each parse 8–10 ms (#14); a catalog whose file changed is parsed again.
_PARSED: dict[bytes, _gettext.GNUTranslations] = {}


def _parsed(compiled: bytes) -> _gettext.GNUTranslations:
    key = hashlib.sha256(compiled).digest()
    found = _PARSED.get(key)
    if found is None:
        found = _PARSED[key] = _gettext.GNUTranslations(io.BytesIO(compiled))
    return found


def _cached(messages, po_bytes: bytes):
    """Where a checkout keeps its ``.po`` compiled: named by the ``.po``'s content, so an edited catalog (a
    git pull, a translator) is compiled again and never read stale."""
    return messages / f".{DOMAIN}-{hashlib.sha256(po_bytes).hexdigest()[:16]}.mo"


def _compile(po_bytes: bytes) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.BytesIO(po_bytes)), use_fuzzy=False)
    return buffer.getvalue()


def _keep(cached, compiled: bytes) -> None:
    """Keep a checkout's freshly compiled catalog beside its ``.po`` for the next process: reading the ``.po``
    cost every process 40–90 ms (#14). Copies made from older contents of the ``.po`` go. Best effort: a folder
    that cannot be written keeps using the ``.po``."""
    import os
    import tempfile
    from pathlib import Path

    if not isinstance(cached, Path):
        return
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=cached.parent, prefix=".tmp-", suffix=".mo")
        with os.fdopen(handle, "wb") as out:
            out.write(compiled)
        os.chmod(temporary, 0o644)
        os.replace(temporary, cached)  # whole or not at all: another process may be reading it
        for older in cached.parent.glob(f".{DOMAIN}-*.mo"):
            if older != cached:
                older.unlink(missing_ok=True)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def set_locale(locale: str) -> None:
    """Make ``locale`` (for example ``"lt"`` or ``"en_GB"``) the language of the UI and documents."""
    translations = load_translations(locale)
    with _lock:
        _state["locale"] = locale
        _state["translations"] = translations


#: The environment variables that name the language of messages, in the order gettext reads them: the
#: first one set decides (``LANGUAGE`` may list several, ``lt:ru``).
MESSAGE_LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def environment_language(environ: Mapping[str, str]) -> str:
    """The shipped language (:func:`available_locales`) the environment asks messages in, else English.

    The first of :data:`MESSAGE_LANGUAGE_VARIABLES` that is set decides, as for any Unix program
    (``LC_ALL=ru_RU.UTF-8`` wins over ``LANG=lt_LT.UTF-8``); ``C``, ``POSIX`` or a language avrcase does not
    ship gives English. The command line uses it; the window asks Qt (``start.system_locale``).
    """
    shipped = available_locales()
    for variable in MESSAGE_LANGUAGE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for name in value.split(":"):  # lt_LT.UTF-8@euro → lt
            language = name.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
            if language in shipped:
                return language
        return SOURCE_LOCALE
    return SOURCE_LOCALE


def current_locale() -> str:
    """The locale used for messages and formatting now."""
    return str(_state["locale"])


#: Separates a message's context from its text, as in a compiled catalog (``"stage\x04From"``).
CONTEXT_SEPARATOR = "\x04"


def _lookup(translations: _gettext.NullTranslations, message: str) -> str:
    # A message marked with NP_ carries its context; untranslated, it falls back to its text alone.
    context, separator, text = message.partition(CONTEXT_SEPARATOR)
    if separator:
        return translations.pgettext(context, text)
    return translations.gettext(message)


def gettext_from(translations: _gettext.NullTranslations, message: str) -> str:
    """``message`` (plain, or marked with :func:`NP_`) translated by an already loaded catalog."""
    return _lookup(translations, message)


def _(message: str) -> str:
    """Translate ``message`` (plain, or marked with :func:`NP_`) into the current locale."""
    return _lookup(_state["translations"], message)  # type: ignore[arg-type]


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count ``n``."""
    return _state["translations"].ngettext(singular, plural, n)  # type: ignore[attr-defined]


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context``, for an English word that means two things.

    "To" is a letter's addressee, the stage a case moved to and the end of a journey; each
    language may need a different word for each, so each use names its context.
    """
    return _state["translations"].pgettext(context, message)  # type: ignore[attr-defined]


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ngettext` with a context (see :func:`pgettext`)."""
    return _state["translations"].npgettext(context, singular, plural, n)  # type: ignore[attr-defined]


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translate at use with ``_``)."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 - the gettext family's naming
    """Like :func:`N_` for a message with a context; ``_`` and :func:`translate_in` understand the result."""
    return f"{context}{CONTEXT_SEPARATOR}{message}"


def source_text(message: str) -> str:
    """The English text of a message marked with :func:`NP_` (or of a plain one)."""
    return message.rpartition(CONTEXT_SEPARATOR)[2]


def translate_in(locale: str, message: str) -> str:
    """Translate ``message`` into a given locale without changing the current one (bilingual documents)."""
    return _lookup(load_translations(locale), message)
