"""Fast checks of packaging/ that run with every test run (the build itself: scripts/build-app).

The spec must list every resource folder, exclude no Qt module the app imports, and the icons,
desktop entry, Info.plist, installer script and CI workflow must agree with it.
"""

from __future__ import annotations

import ast
import configparser
import os
import plistlib
import re
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "avrcase.spec"


def spec_value(path: Path, name: str) -> list[str]:
    """The literal list or tuple assigned to ``name`` at the top level of the Python file ``path``."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} is not assigned in {path}")


def spec_list(name: str) -> list[str]:
    """The literal list assigned to ``name`` at the top level of the spec."""
    return spec_value(SPEC, name)


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
    from avrcase.i18n import available_locales

    # macOS offers the app in the languages it lists here: every interface language avrcase ships.
    assert set(available_locales()) <= set(plist["CFBundleLocalizations"])


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


def _supported_languages() -> set[str]:
    """Every language avrcase has texts, document wordings, or import country names in."""
    from avrcase.i18n import available_locales

    # The import's country-name languages, wherever the module that defines them lives.
    country_name_locales = [spec_value(path, "COUNTRY_NAME_LOCALES")
                            for path in (ROOT / "src" / "avrcase").rglob("*.py")
                            if "COUNTRY_NAME_LOCALES = " in path.read_text(encoding="utf-8")]
    assert len(country_name_locales) == 1
    languages = set(available_locales()) | set(country_name_locales[0])
    for folder in ("documents", "declarations"):
        languages |= {p.stem for p in (ROOT / "resources" / folder).glob("*.json")}
    return languages


@pytest.fixture()
def trimmed_babel(tmp_path, monkeypatch):
    """Babel reading only the locale-data files the spec keeps, as in the frozen app."""
    import shutil

    from babel import localedata

    from avrcase.i18n import is_bundled_babel_file

    kept = tmp_path / "locale-data"
    kept.mkdir()
    for path in Path(localedata._dirname).iterdir():
        if is_bundled_babel_file(path.name):
            shutil.copy(path, kept / path.name)
    monkeypatch.setattr(localedata, "_dirname", str(kept))
    monkeypatch.setattr(localedata, "_cache", {})
    # Babel caches the list of locales it has (``locale_identifiers``); a test run earlier in the process
    # filled it from the whole data folder, so ``ja_JP`` would still "exist". Cleared before and after.
    localedata.locale_identifiers.cache_clear()
    yield kept
    localedata.locale_identifiers.cache_clear()


def test_bundle_keeps_babel_data_of_every_supported_language(trimmed_babel):
    import datetime as dt

    from babel import Locale, dates, numbers

    from avrcase.i18n import BUNDLED_BABEL_LANGUAGES

    missing = _supported_languages() - set(BUNDLED_BABEL_LANGUAGES)
    assert not missing, f"add {sorted(missing)} to avrcase.i18n.BUNDLED_BABEL_LANGUAGES (the bundle lacks their data)"
    # Each language, the regional variants computers report, and their parent chains load and format.
    for name in sorted(_supported_languages()) + ["en_US", "en_GB", "en_IE", "lt_LT", "ru_RU", "ru_UA", "de_AT",
                                                  "pt_PT", "es_MX", "zh_Hant_TW"]:
        locale = Locale.parse(name)
        assert locale.territories["LT"], name
        assert dates.format_date(dt.date(2026, 12, 4), "long", locale=locale), name
        assert numbers.format_decimal(1250.5, locale=locale), name
    assert dates.format_date(dt.date(2026, 12, 4), "long", locale="lt") == "2026 m. gruodžio 4 d."
    # Languages avrcase never formats in are really left out (that is the 27 MB saved).
    assert not (trimmed_babel / "ja.dat").exists() and not (trimmed_babel / "yo_NG.dat").exists()
    assert (trimmed_babel / "root.dat").exists()


def test_a_computer_set_to_a_locale_without_bundled_data_formats_in_english(trimmed_babel):
    from avrcase.i18n import formatting_locale

    assert formatting_locale("lt_LT") == "lt_LT"
    assert formatting_locale("de_AT") == "de_AT"
    assert formatting_locale("ja_JP") == "en"
    assert formatting_locale("yo") == "en"  # Yoruba: no Babel data bundled


def test_spec_keeps_qt_translations_of_the_shipped_languages_only():
    from avrcase.i18n import available_locales

    kept = spec_list("KEEP_QT_TRANSLATIONS")
    assert {f"qtbase_{lang}.qm" for lang in available_locales() + ["ru"]} <= set(kept)
    assert "qtbase_de.qm" not in kept and all(name.startswith(("qtbase_", "qt_")) for name in kept)


def test_spec_keeps_a_qt_catalog_that_exists_for_every_interface_language():
    """Qt 6 ships no qtbase_lt.qm: the bundle kept only names that do not exist, and the frozen Lithuanian app's
    file dialog and editing menus spoke English. The older qt_lt.qm (which ui/qt_catalogs.py falls back to) is kept."""
    from PySide6.QtCore import QLibraryInfo

    from avrcase.i18n import available_locales
    from avrcase.ui.qt_catalogs import QT_CATALOGS

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    kept = spec_list("KEEP_QT_TRANSLATIONS")
    for lang in [lang for lang in available_locales() if lang != "en"]:
        present = [f"{name}_{lang}.qm" for name in QT_CATALOGS if (folder / f"{name}_{lang}.qm").is_file()]
        assert present, f"Qt ships no catalog for {lang}"
        assert present[0] in kept, f"the bundle drops {present[0]}, the Qt catalog the app loads for {lang}"


def test_spec_excludes_no_module_the_app_or_its_libraries_import():
    """An excluded module that avrcase (or HiGHS, for release protection) imports would crash the frozen app."""
    import subprocess
    import sys

    # HiGHS is loaded on the first bound computed (#14), so ask for it as release protection does.
    code = ("import sys, avrcase.domain.release as r, avrcase.i18n.format; r.highspy; "
            "print(' '.join(sys.modules))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    excluded = set(spec_list("OTHER_EXCLUDES")) | set(spec_list("QT_EXCLUDES"))
    assert {"highspy._core", "babel"} <= loaded
    assert "numpy" not in loaded, "release protection loads HiGHS's compiled module alone; the bundle has no numpy"
    assert "scipy" not in loaded, "scipy is a test-only dependency; the app must not import it"
    assert not loaded & excluded, f"the spec excludes modules the app imports: {sorted(loaded & excluded)}"


def test_no_module_of_avrcase_loads_numpy():
    """The spec excludes numpy (42 MB with its OpenBLAS): no avrcase module, nor what it imports, may need it."""
    import subprocess
    import sys

    code = """
import importlib, pkgutil, sys, avrcase
for module in pkgutil.walk_packages(avrcase.__path__, "avrcase."):
    if ".migrations." not in module.name:
        importlib.import_module(module.name)
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] in ("numpy", "scipy"))))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.split()
    assert not loaded, f"avrcase loads {loaded}, which the bundle leaves out"
    assert "numpy" in spec_list("OTHER_EXCLUDES")


def test_spec_bundles_every_keyring_backend_keyring_declares():
    """The frozen app keeps office server passwords in the system keyring: keyring loads its backends by
    entry-point name, so the spec must list each one (and its metadata must ship, for the entry points)."""
    import importlib
    import importlib.metadata

    from avrcase.services import licences

    listed = spec_list("KEYRING_BACKENDS")
    declared = {ep.value.split(":")[0] for ep in importlib.metadata.distribution("keyring").entry_points
                if ep.group == "keyring.backends"}
    assert declared, "keyring declares no backends: has its metadata changed?"
    assert declared <= set(listed), f"add {sorted(declared - set(listed))} to KEYRING_BACKENDS in avrcase.spec"
    for module in listed:
        if module == "keyring.backends.macOS.api":
            continue  # loads macOS's Security framework at import time
        importlib.import_module(module)
    assert "keyring" in {d.metadata["Name"].lower() for d in licences.python_distributions(frozen=True)}
    platform_modules = ast.literal_eval(next(
        node.value for node in ast.parse(SPEC.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "KEYRING_PLATFORM_MODULES" for t in node.targets)))
    assert {"win32", "linux"} <= set(platform_modules)
    assert "win32ctypes.pywin32" in platform_modules["win32"] and "secretstorage" in platform_modules["linux"]
    assert "keyring_imports()" in SPEC.read_text(encoding="utf-8").split("hiddenimports=", 1)[1].split("\n", 1)[0]


def test_name_matching_runs_on_the_rapidfuzz_builds_the_spec_keeps():
    """The spec drops rapidfuzz's AVX2 builds and its C++ fuzz/process modules: name matching must still load
    the generic C++ Indel (not the slow pure-Python one), and rapidfuzz must still import."""
    import subprocess
    import sys

    dropped = spec_list("UNUSED_RAPIDFUZZ_BUILDS")
    assert dropped == ["_avx2.", "fuzz_cpp.", "process_cpp_impl."]
    code = f"""
import sys
class Dropped:
    def find_spec(self, name, path=None, target=None):
        if name.startswith("rapidfuzz.") and any(b in name.rsplit(".", 1)[1] + "." for b in {dropped!r}):
            raise ImportError("not in the bundle")
sys.meta_path.insert(0, Dropped())
import rapidfuzz
from rapidfuzz.distance import Indel
from avrcase.domain import name_keys
print(Indel.normalized_similarity.__module__)
"""
    module = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert module == "rapidfuzz.distance.metrics_cpp"


def test_spec_keeps_the_hyphenation_dictionary_each_document_language_loads():
    """The spec ships only the pyphen dictionaries documents load: for every language with Babel data in the
    bundle (a superset of the document languages) the one pyphen picks, and no other region's copy."""
    pyphen = pytest.importorskip("pyphen")
    from avrcase.documents.paragraphs import _dictionary, hyphenation_files
    from avrcase.i18n import BUNDLED_BABEL_LANGUAGES

    kept = hyphenation_files(BUNDLED_BABEL_LANGUAGES)
    assert {"hyph_lt.dic", "hyph_ru_RU.dic", "hyph_uk_UA.dic", "hyph_pl_PL.dic"} <= kept
    for language in BUNDLED_BABEL_LANGUAGES:
        loaded = _dictionary(language)
        if loaded is not None:
            assert Path(pyphen.LANGUAGES[pyphen.language_fallback(language)]).name in kept, language
    assert "hyph_nl_NL.dic" not in kept  # no document language
    assert len([name for name in kept if name.startswith("hyph_de_")]) == 1  # one German, not three copies
    spec = (ROOT / "packaging" / "avrcase.spec").read_text(encoding="utf-8")
    assert "HYPHENATION_FILES = hyphenation_files(BUNDLED_BABEL_LANGUAGES)" in spec


#: The oldest systems each Qt minor supports (Qt's "Supported Configurations" pages for macOS and Windows).
QT_MINIMUM_SYSTEMS = {"6.8": ("12.0", "10.0.17763"), "6.10": ("13.0", "10.0.17763"),
                      "6.11": ("13.0", "10.0.17763"), "6.12": ("14.4", "10.0.17763")}


def test_installers_refuse_systems_the_bundled_qt_does_not_support():
    """The macOS app and the Windows setup name as their minimum system the one Qt needs for the newest
    PySide6 that pyproject.toml lets a build install (a build takes the newest)."""
    import plistlib
    import re

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    upper = re.search(r'"PySide6-Essentials>=[\d.]+,<6\.(\d+)"', pyproject)
    assert upper, "PySide6-Essentials needs an upper bound"
    newest = f"6.{int(upper.group(1)) - 1}"
    macos, windows = QT_MINIMUM_SYSTEMS[newest]
    plist = plistlib.loads((ROOT / "packaging" / "macos" / "Info.plist").read_bytes())
    assert plist["LSMinimumSystemVersion"] == macos
    iss = (ROOT / "packaging" / "windows" / "avrcase.iss").read_text(encoding="utf-8")
    assert f"\nMinVersion={windows}\n" in iss
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| macOS {macos} " in readme
