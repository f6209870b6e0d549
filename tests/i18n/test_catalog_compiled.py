"""A checkout's catalogs: a ``.po`` is compiled once and its ``.mo`` kept beside it for the next process (#14:
reading the Lithuanian ``.po`` cost every start and every document 40–90 ms); an edited ``.po`` wins."""

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


def _write_po(folder, text: str, mtime: float | None = None) -> None:
    po = folder / "avrcase.po"
    po.write_text(PO.format(text=text), encoding="utf-8")
    if mtime is not None:
        os.utime(po, (mtime, mtime))


def test_a_po_is_compiled_once_and_kept_beside_it(catalogs):
    _write_po(catalogs, "Byla užregistruota")
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla užregistruota"
    mo = catalogs / "avrcase.mo"
    assert mo.is_file() and stat.S_IMODE(mo.stat().st_mode) == 0o644
    assert sorted(p.name for p in catalogs.iterdir()) == ["avrcase.mo", "avrcase.po"]  # no temporary file left
    # The next process reads the .mo: with the .po gone from under it, the text is still there.
    (catalogs / "avrcase.po").unlink()
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla užregistruota"


def test_a_po_edited_after_its_mo_was_made_is_read_again(catalogs):
    _write_po(catalogs, "Byla užregistruota", mtime=1_000_000)
    i18n.load_translations("lt")
    mo = catalogs / "avrcase.mo"
    os.utime(mo, (2_000_000, 2_000_000))
    _write_po(catalogs, "Byla įregistruota", mtime=3_000_000)  # edited later (a git pull, a translator)
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla įregistruota"
    os.utime(catalogs / "avrcase.po", (1_000_000, 1_000_000))  # the .mo just written is newer now: used
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla įregistruota"


def test_a_folder_that_cannot_be_written_still_translates(catalogs, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    _write_po(catalogs, "Byla užregistruota")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert i18n.load_translations("lt").gettext("Case registered") == "Byla užregistruota"
    assert sorted(p.name for p in catalogs.iterdir()) == ["avrcase.po"]
