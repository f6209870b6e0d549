"""Catalogs read quickly (#14: reading the Lithuanian ``.po`` cost every start and every document 40–90 ms).

An installed app reads the ``.mo`` its build compiled, whatever the files' times say. A checkout compiles its
``.po`` once and keeps the result beside it, named by the ``.po``'s content: an edited ``.po`` is compiled
again, never read stale."""

from __future__ import annotations

import os
import stat

import pytest

import avrcase.i18n as i18n

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Case registered"
msgstr "{text}"
'''


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "_catalog_dir", lambda: tmp_path)
    folder = tmp_path / "lt" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    return folder


def _write_po(folder, text: str) -> None:
    (folder / "avrcase.po").write_text(PO.format(text=text), encoding="utf-8")


def _no_compiling(monkeypatch) -> None:
    def refuse(po_bytes):
        raise AssertionError("the .po was compiled again")

    monkeypatch.setattr(i18n, "_compile", refuse)


def test_a_checkout_compiles_its_po_once_and_keeps_it(catalogs, monkeypatch):
    _write_po(catalogs, "Byla užregistruota")
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla užregistruota"
    (kept,) = [p for p in catalogs.iterdir() if p.suffix == ".mo"]
    assert kept.name.startswith(".avrcase-") and stat.S_IMODE(kept.stat().st_mode) == 0o644
    assert sorted(p.name for p in catalogs.iterdir()) == sorted([kept.name, "avrcase.po"])  # no temporary file
    _no_compiling(monkeypatch)  # the next process reads what was kept
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla užregistruota"


def test_an_edited_po_is_compiled_again_and_the_old_copy_goes(catalogs):
    _write_po(catalogs, "Byla užregistruota")
    i18n.load_translations("lt")
    (first,) = catalogs.glob(".avrcase-*.mo")
    _write_po(catalogs, "Byla įregistruota")  # a git pull, a translator; whatever the files' times say
    os.utime(catalogs / "avrcase.po", (1_000_000, 1_000_000))
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla įregistruota"
    (second,) = catalogs.glob(".avrcase-*.mo")
    assert second != first


def test_an_installed_app_reads_the_mo_its_build_compiled(catalogs, monkeypatch):
    """pip installs the .po beside the .mo, in any order and with any times: the .mo is read, nothing is
    compiled or written."""
    _write_po(catalogs, "Byla užregistruota")
    (catalogs / "avrcase.mo").write_bytes(i18n._compile((catalogs / "avrcase.po").read_bytes()))
    os.utime(catalogs / "avrcase.mo", (1_000_000, 1_000_000))  # older than the .po
    _no_compiling(monkeypatch)
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla užregistruota"
    assert sorted(p.name for p in catalogs.iterdir()) == ["avrcase.mo", "avrcase.po"]


def test_a_folder_that_cannot_be_written_still_translates(catalogs, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    _write_po(catalogs, "Byla užregistruota")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla užregistruota"
    assert sorted(p.name for p in catalogs.iterdir()) == ["avrcase.po"]


def test_a_catalog_is_parsed_once_a_process_until_it_changes(catalogs, monkeypatch):
    """A case summary asked for the Lithuanian catalog four times, each a parse of 8–10 ms (#14)."""
    import gettext

    parses = []
    real = gettext.GNUTranslations._parse

    def counted(self, fp):
        parses.append(1)
        return real(self, fp)

    monkeypatch.setattr(gettext.GNUTranslations, "_parse", counted)
    monkeypatch.setattr(i18n, "_PARSED", {})
    _write_po(catalogs, "Byla užregistruota")
    first = i18n.load_translations("lt")
    assert i18n.load_translations("lt") is first and len(parses) == 1
    _write_po(catalogs, "Byla įregistruota")
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla įregistruota" and len(parses) == 2
