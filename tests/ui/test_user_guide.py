"""The user guide (docs/guide): Help ▸ User guide opens it in the UI language; chapters, pictures and links are whole;
the one screenshot command runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from avrcase.i18n import set_locale
from avrcase.ui import user_guide
from avrcase.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide"
CHAPTERS = ("index.md", "counsellor.md", "travel-and-finance.md", "reintegration.md", "manager.md", "administrator.md")
# WORKAROUND: the offscreen platform warns that it cannot raise a window; harmless in tests.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _trigger_user_guide(window: MainWindow):
    """Find Help ▸ User guide in the window's menu bar (by its place, whatever the language) and trigger it."""
    help_menu = window.menuBar().actions()[2].menu()  # File, Go, Help
    action = next(a for a in help_menu.actions() if a is window.guide_action)
    action.trigger()
    return window.guide_window


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_help_user_guide_opens_the_guide_in_the_interface_language(qtbot, ops, bus, tmp_path, locale):
    set_locale(locale)
    window = MainWindow(ops, bus, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    guide = _trigger_user_guide(window)
    assert guide is not None and guide.isVisible()
    expected = "lt" if locale == "lt" else "en"  # no Russian guide yet: English
    assert Path(guide.browser.source().toLocalFile()) == GUIDE / expected / "index.md"
    title = {"en": "avrcase user guide", "lt": "avrcase naudotojo vadovas"}[expected]
    assert guide.browser.document().toPlainText().startswith(title)
    assert _trigger_user_guide(window) is guide  # one window, raised again


def test_links_between_chapters_stay_in_the_guide_window(qtbot):
    window = user_guide.UserGuideWindow(language="en")
    qtbot.addWidget(window)
    browser = window.browser
    browser.setSource(browser.source().resolved("counsellor.md#log-a-consultation"))
    assert Path(browser.source().toLocalFile()) == GUIDE / "en" / "counsellor.md"
    assert "Log a consultation" in browser.document().toPlainText()
    browser.backward()
    assert Path(browser.source().toLocalFile()) == GUIDE / "en" / "index.md"


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, "ctrl+w"])
def test_the_keyboard_closes_the_guide_window(qtbot, key):
    """With no window manager the guide's window has no title bar: Escape and Ctrl+W did nothing, and the window
    stayed over the main window for good."""
    window = user_guide.UserGuideWindow(language="en")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    if key == "ctrl+w":
        qtbot.keyClick(window.browser, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    else:
        qtbot.keyClick(window.browser, key)
    assert not window.isVisible()


def test_the_guide_folder_is_found_from_a_checkout():
    assert user_guide.guide_root() is not None
    assert user_guide.guide_language("lt_LT") == "lt"
    assert user_guide.guide_language("de") == "en"


@pytest.mark.parametrize("language", user_guide.GUIDE_LANGUAGES)
def test_every_chapter_exists_in_every_language(language):
    found = sorted(p.name for p in (GUIDE / language).glob("*.md"))
    assert found == sorted(CHAPTERS)
    index = (GUIDE / language / "index.md").read_text(encoding="utf-8")
    for chapter in CHAPTERS[1:]:
        assert f"({chapter})" in index, f"{language}/index.md does not link to {chapter}"


def _ids(path: Path) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', user_guide.render(path)))


@pytest.mark.parametrize("path", sorted(GUIDE.rglob("*.md")), ids=lambda p: str(p.relative_to(GUIDE)))
def test_every_picture_and_link_of_the_guide_resolves(path):
    text = path.read_text(encoding="utf-8")
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # a web address, not part of the guide
        file_part, _hash, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        assert resolved.is_file(), f"{path.relative_to(GUIDE)} links to {target}, which does not exist"
        if anchor:
            assert anchor in _ids(resolved), f"{path.relative_to(GUIDE)} links to {target}: no such heading"
    if path.parent.name in user_guide.GUIDE_LANGUAGES:  # a chapter shows the pictures of its own language
        for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
            assert f"/images/{path.parent.name}/" in picture, f"{path.name} shows {picture} of another language"


def test_the_guides_pictures_stay_small():
    total = sum(p.stat().st_size for p in (GUIDE / "images").rglob("*.png"))
    assert total < 5_000_000


def test_the_screenshot_command_takes_a_picture(tmp_path):
    """A quick run of the one command (one picture, a small store); the full run takes about 40 s."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--only", "sign-in", "--lang", "lt", "--cases", "12",
         "--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=240, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    picture = tmp_path / "out" / "lt" / "sign-in.png"
    assert picture.is_file() and picture.read_bytes().startswith(b"\x89PNG")
