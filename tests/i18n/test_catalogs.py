"""Translation catalogs: every catalog compiles, keeps the source's placeholders, and covers the source."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from avrcase.i18n import available_locales, load_translations, translate_in

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted((ROOT / "resources" / "translations").glob("*/LC_MESSAGES/avrcase.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3),
            "NP_": ((1, "c"), 2)}


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _source_messages() -> set[tuple[str | None, str]]:
    """(context, message id) of every marked message in the sources."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT / "src", method_map=[("**.py", "python")], keywords=KEYWORDS,
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_translations_keep_every_placeholder(po_path):
    """A translation that drops or renames %(name)s would crash at run time or lose information."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    broken = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = _placeholders(ids[-1])
        for text in strings:
            if text and _placeholders(text) != expected and not (len(ids) > 1 and _placeholders(text) == []):
                broken.append((ids[0], text))
    assert broken == []


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_is_up_to_date_with_the_source(po_path):
    """Run ``scripts/i18n`` after adding strings: every marked message is in every catalog."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    in_catalog = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog if m.id}
    missing = sorted(_source_messages() - in_catalog, key=lambda m: (m[0] or "", m[1]))
    assert missing == [], f"{len(missing)} messages missing, e.g. {missing[:5]}"


def test_lithuanian_is_available_and_translates():
    assert "lt" in available_locales()
    translations = load_translations("lt")
    assert translations is not None
    assert translate_in("lt", "Stateless or unknown") != "Stateless or unknown"


def test_catalog_tooling_runs(tmp_path):
    """The extraction command of ``scripts/i18n`` works on the tree (no syntax Babel cannot read)."""
    pybabel = Path(__import__("sys").executable).with_name("pybabel")
    out = tmp_path / "check.pot"
    subprocess.run(
        [str(pybabel), "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "ngettext:1,2",
         "-k", "pgettext:1c,2", "-k", "npgettext:1c,2,3", "-k", "NP_:1c,2", "-o", str(out), str(ROOT / "src")],
        check=True, capture_output=True,
    )
    assert "msgid" in out.read_text(encoding="utf-8")


def test_no_message_hides_inside_an_f_string():
    """Babel cannot see ``_('…')`` inside an f-string on Python 3.11; such text would never be translated."""
    import io
    import tokenize

    call = re.compile(r"""\b(_|N_|NP_|ngettext|pgettext|npgettext)\(\s*['"]""")
    hidden = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            if token.type == tokenize.STRING and re.match(r"^[rbuRBU]*[fF]", token.string) and call.search(token.string):
                hidden.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert hidden == []


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_message_is_translated(po_path):
    """An empty or fuzzy translation prints English in a document the person is meant to read."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    untranslated = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            untranslated.append(message.id[0] if isinstance(message.id, tuple) else message.id)
    assert untranslated == [], f"{len(untranslated)} untranslated or fuzzy, e.g. {untranslated[:5]}"


def test_russian_is_available_and_uses_three_plural_forms():
    """Russian: 1, 21 дело; 2, 3, 4, 22 дела; 5, 11, 12, 14, 25 дел (Babel's CLDR rule in the header)."""
    assert "ru" in available_locales()
    translations = load_translations("ru")
    forms = {n: translations.ngettext("%(n)s case", "%(n)s cases", n) for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 111)}
    assert forms[1] == forms[21] == "%(n)s дело"
    assert forms[2] == forms[4] == forms[22] == "%(n)s дела"
    assert forms[5] == forms[11] == forms[12] == forms[14] == forms[25] == forms[111] == "%(n)s дел"
    assert translate_in("ru", "Stateless or unknown") != "Stateless or unknown"


def _shortcut_marks(text: str) -> int:
    """How many single "&" (a shortcut letter follows) a Qt text has; "&&" is an ampersand shown as such."""
    return len(re.findall(r"&", text.replace("&&", "")))


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_translations_keep_shortcut_marks_and_write_and_in_words(po_path):
    """A translation marks as many shortcut letters as the English (none where the English has none: a stray
    "&" is shown literally or steals a shortcut), and writes "and" as a word, not the English "&" (#19:
    "Asmuo & šeima")."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    broken = []
    for message in catalog:
        if not message.id:  # the header
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if text and (_shortcut_marks(text) != _shortcut_marks(ids[0]) or "&&" in text):
                broken.append((ids[0], text))
    assert broken == []
