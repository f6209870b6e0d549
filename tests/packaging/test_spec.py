"""Fast checks of packaging/ that run with every test run (the build itself: scripts/build-app).

The spec must list every resource folder, exclude no Qt module the app imports, and the icons,
desktop entry, Info.plist, installer script and CI workflow must agree with it.
"""

from __future__ import annotations

import ast
import configparser
import plistlib
import re
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "avrcase.spec"


def spec_list(name: str) -> list[str]:
    """The literal list assigned to ``name`` at the top level of the spec."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} is not assigned in {SPEC}")


def test_spec_lists_every_resource_folder_and_file():
    resources = ROOT / "resources"
    folders = sorted(p.name for p in resources.iterdir() if p.is_dir() and p.name != "__pycache__")
    files = sorted(p.name for p in resources.iterdir() if p.is_file() and p.suffix not in (".py", ".pyc"))
    assert sorted(spec_list("RESOURCE_FOLDERS")) == folders, "add the new resources/ folder to avrcase.spec"
    assert sorted(spec_list("RESOURCE_FILES")) == files, "add the new resources/ file to avrcase.spec"


def test_spec_excludes_no_qt_module_the_app_imports():
    used = set()
    for path in (ROOT / "src" / "avrcase").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    excluded = {name.removeprefix("PySide6.") for name in spec_list("QT_EXCLUDES")}
    assert {"QtCore", "QtGui", "QtWidgets", "QtPdf"} <= used
    assert not used & excluded, f"the spec excludes Qt modules the app imports: {sorted(used & excluded)}"
    assert {"QtWebEngineCore", "QtQuick", "Qt3DCore", "QtQml"} <= excluded


def _image_info(path: Path) -> tuple[tuple[int, int], dict]:
    with Image.open(path) as image:
        return image.size, dict(image.info)


def test_icons_hold_every_size_the_platforms_ask_for():
    icons = PACKAGING / "icons"
    assert (icons / "avrcase.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    pngs = sorted((icons / "png").glob("avrcase-*.png"))
    assert {int(p.stem.split("-")[1]) for p in pngs} >= {16, 32, 48, 256, 512, 1024}
    for png in pngs:
        size = int(png.stem.split("-")[1])
        assert _image_info(png)[0] == (size, size), png.name
    assert {16, 32, 48, 256} <= {w for w, _h in _image_info(icons / "avrcase.ico")[1]["sizes"]}
    assert (512, 512, 2) in _image_info(icons / "avrcase.icns")[1]["sizes"]  # the 1024-pixel Retina icon


def test_desktop_entry_and_info_plist():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "linux" / "avrcase.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert (desktop["Type"], desktop["Exec"], desktop["Icon"], desktop["Terminal"]) == (
        "Application", "avrcase", "avrcase", "false")
    with open(PACKAGING / "macos" / "Info.plist", "rb") as fh:
        plist = plistlib.load(fh)
    assert plist["CFBundleIdentifier"] == "org.avrcase.avrcase"
    assert plist["NSHighResolutionCapable"] is True
    assert "lt" in plist["CFBundleLocalizations"]


def test_windows_installer_upgrades_in_place_and_never_touches_the_store():
    iss = (PACKAGING / "windows" / "avrcase.iss").read_text(encoding="utf-8")
    setup = dict(re.findall(r"^(\w+)=(.*)$", iss, re.MULTILINE))
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"]), "a fixed AppId makes a new version upgrade in place"
    assert setup["PrivilegesRequired"] == "admin" and setup["DefaultDirName"].startswith("{autopf}")
    assert "{group}" in iss and "[Icons]" in iss  # the Start-menu entry
    deletions = re.findall(r"^Type:.*Name:\s*\"([^\"]+)\"", iss, re.MULTILINE)
    assert deletions and all(name.startswith("{app}") for name in deletions), deletions
    assert not re.search(r"\{(userappdata|localappdata|commonappdata|userdocs)\}", iss, re.IGNORECASE)


@pytest.mark.parametrize("runner", ["ubuntu", "windows", "macos"])
def test_ci_workflow_builds_smoke_tests_and_uploads_on_every_platform(runner):
    workflow = (ROOT / ".github" / "workflows" / "package.yml").read_text(encoding="utf-8")
    assert re.search(rf"os:.*{runner}-", workflow)
    for step in ("pyinstaller", "packaging/smoke_test.py", "actions/upload-artifact"):
        assert step in workflow


def test_ci_run_keeps_running_exactly_the_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.rstrip().endswith("exec ./run-tests")
    assert 'AVRCASE_PACKAGE_TEST:-}" = 1' in script and "scripts/build-app" in script
