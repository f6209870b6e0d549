"""The list of bundled components: every runtime package with its installed version and licence text."""

from __future__ import annotations

import re
from importlib import metadata

from avrcase.services import licences


def _by_name() -> dict[str, licences.Component]:
    return {c.name: c for c in licences.components()}


def test_every_runtime_requirement_is_listed_with_its_installed_version():
    components = _by_name()
    for name in ("reportlab", "SQLAlchemy", "sqlcipher3", "PySide6_Essentials", "shiboken6", "babel", "cryptography"):
        assert components[name].version == metadata.version(name)
    # Requirements of requirements too (reportlab needs pillow); never the test tools.
    assert "pillow" in components and "pytest" not in components and "hypothesis" not in components


def test_native_parts_carry_their_licences():
    components = _by_name()
    qt = components["Qt"]
    assert qt.licence == "LGPL-3.0-only" and qt.version.startswith("6.")
    text = qt.full_text()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "Replacing the Qt libraries" in text
    sqlcipher = components["SQLCipher"]
    assert sqlcipher.version.startswith("4.") and "ZETETIC LLC" in sqlcipher.full_text()
    fonts = next(c for name, c in components.items() if name.startswith("Noto fonts"))
    assert fonts.licence == "OFL-1.1" and "SIL OPEN FONT LICENSE" in fonts.full_text().upper()
    assert "NotoSansGeorgian" in fonts.name and "NotoNaskhArabic" in fonts.name and "Droid" not in fonts.name
    chinese = next(c for name, c in components.items() if name.startswith("Droid Sans Fallback"))
    assert chinese.licence == "Apache-2.0" and "Apache License" in chinese.full_text() and chinese.version != "?"
    korean = components["Nanum Gothic (Korean Hangul)"]
    assert korean.licence == "OFL-1.1" and "NAVER Corporation" in korean.full_text() and korean.version != "?"


def test_every_component_has_a_licence_text():
    for component in licences.components():
        assert component.texts, component.name
        assert len(component.full_text()) > 200, component.name
        assert component.licence and component.version, component.name


def test_the_frozen_app_adds_the_bootloader_but_not_the_build_tools(monkeypatch):
    real = metadata.distribution

    class Bootloader:
        """PyInstaller's metadata as the build environment has it."""

        def __init__(self) -> None:
            self.version = "6.22.3"
            self.metadata = {"Name": "pyinstaller"}
            self.requires = ["altgraph", "setuptools>=42", "packaging>=22"]

    def distribution(name: str):
        return Bootloader() if name == "pyinstaller" else real(name)

    monkeypatch.setattr(licences.metadata, "distribution", distribution)
    names = {d.metadata["Name"] for d in licences.python_distributions(frozen=True)}
    assert "pyinstaller" in names and not {"altgraph", "setuptools", "packaging"} & names
    assert "pyinstaller" not in {d.metadata["Name"] for d in licences.python_distributions(frozen=False)}


def test_numpy_is_not_listed_because_avrcase_never_loads_it():
    """highspy requires numpy for its modelling layer; avrcase loads HiGHS's compiled module alone, and the
    bundle leaves numpy out, so Help > About and LICENSES must not claim it."""
    for frozen in (True, False):
        names = {d.metadata["Name"].lower() for d in licences.python_distributions(frozen=frozen)}
        assert "highspy" in names and "numpy" not in names


def test_icu_is_listed_where_qt_carries_it():
    """On Linux, PySide6's wheels carry ICU, whose data library the bundle rebuilds (packaging/icu_data.py)."""
    import sys

    icu = _by_name().get("ICU")
    if not sys.platform.startswith("linux"):
        return
    assert icu is not None and re.fullmatch(r"\d+\.\d+(\.\d+)?", icu.version), icu
    assert "UNICODE, INC. LICENSE AGREEMENT" in icu.full_text() and "packaging/icu_data.py" in icu.full_text()
