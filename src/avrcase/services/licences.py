"""The third-party components avrcase runs on, their versions and licence texts (Help ▸ About, the bundle).

One list for both places: the About dialog shows it, and ``packaging/avrcase.spec`` writes the same texts
into the frozen application's ``LICENSES`` folder. Python packages are found by walking avrcase's own
requirements in the installed metadata (the frozen bundle carries that metadata too); the parts that are
not Python packages (Qt, ICU, SQLCipher, OpenSSL, the Noto fonts, Python itself) are described here, with
their texts under ``resources/licences``. No Qt import (services never import Qt): Qt's version is read
from the PySide6 wheel's metadata.
"""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from importlib.metadata import PackageMetadata
from importlib.resources.abc import Traversable
from pathlib import Path

from avrcase.documents.font_files import font_file_names, open_font

ROOT_DISTRIBUTION = "avrcase"
#: Distributions that are part of the bundle although no requirement names them: the frozen app's
#: start-up code (the PyInstaller bootloader, GPL-2.0 with an exception that allows this use).
FROZEN_EXTRAS = ("pyinstaller",)
#: Requirements of a requirement that avrcase never loads, so it does not run on them and the bundle leaves them
#: out: numpy, which only highspy's Python modelling layer imports (``avrcase.domain.release`` loads HiGHS's
#: compiled module alone).
UNUSED_REQUIREMENTS = ("numpy",)
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
#: Licences the metadata does not name in a short form (read from the licence text itself).
_KNOWN_LICENCES = {"sqlcipher3": "Zlib"}


@dataclass(frozen=True)
class LicenceText:
    """One licence file: a title (its file name) and where to read it."""

    title: str
    source: Traversable | tuple[str, str]  # a resource, or (distribution, path inside its metadata)

    def read(self) -> str:
        """The text of the licence file."""
        if isinstance(self.source, tuple):
            return metadata.distribution(self.source[0]).read_text(self.source[1]) or ""
        return self.source.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Component:
    """A bundled component: its name, version, licence (an SPDX expression where one is known) and texts."""

    name: str
    version: str
    licence: str
    texts: tuple[LicenceText, ...]

    def full_text(self) -> str:
        """Every licence text of the component, one after the other."""
        return "\n\n".join(f"==== {text.title} ====\n\n{text.read()}" for text in self.texts)


def _licence_resource(name: str) -> LicenceText:
    return LicenceText(name, resources.files("avrcase.resources") / "licences" / name)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(dist: metadata.Distribution) -> Iterator[str]:
    for requirement in dist.requires or ():
        # Optional extras ([test], [package]) are not in the installed app.
        if "extra" in requirement.partition(";")[2]:
            continue
        match = _NAME.match(requirement)
        if match:
            yield match.group(1)


def python_distributions(*, frozen: bool | None = None) -> list[metadata.Distribution]:
    """avrcase's runtime requirements and theirs, installed ones only, in alphabetical order.

    ``frozen`` (default: whether this is the frozen app) adds what the bundle carries besides them.
    """
    found: dict[str, metadata.Distribution] = {}
    if getattr(sys, "frozen", False) if frozen is None else frozen:
        for extra in FROZEN_EXTRAS:  # only its bootloader is bundled, none of its requirements
            try:
                found[_canonical(extra)] = metadata.distribution(extra)
            except metadata.PackageNotFoundError:
                continue
    pending = [ROOT_DISTRIBUTION]
    while pending:
        name = _canonical(pending.pop())
        if name in found or name in UNUSED_REQUIREMENTS:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform (a marker we do not evaluate)
        found[name] = dist
        pending.extend(_requirement_names(dist))
    found.pop(ROOT_DISTRIBUTION, None)
    return sorted(found.values(), key=lambda d: _canonical(d.metadata["Name"]))


def _first(meta: PackageMetadata, field: str) -> str:
    """The first value of a metadata field, or ``""`` when the package does not give it."""
    values = meta.get_all(field) or []
    return str(values[0]) if values else ""


def _dist_licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    if _canonical(meta["Name"]) in _KNOWN_LICENCES:
        return _KNOWN_LICENCES[_canonical(meta["Name"])]
    expression = _first(meta, "License-Expression")
    if expression:
        return expression
    short = _first(meta, "License").strip()
    if short and "\n" not in short and len(short) < 80:
        return short
    for classifier in meta.get_all("Classifier") or ():
        if classifier.startswith("License ::"):
            return classifier.rsplit("::", 1)[1].strip()
    return "see licence text"


def _dist_texts(dist: metadata.Distribution) -> tuple[LicenceText, ...]:
    name = dist.metadata["Name"]
    texts: list[LicenceText] = []
    for file_name in dist.metadata.get_all("License-File") or ():
        for candidate in (f"licenses/{file_name}", file_name):
            if dist.read_text(candidate) is not None:
                texts.append(LicenceText(file_name.rsplit("/", 1)[-1], (name, candidate)))
                break
    if not texts:  # older metadata: any LICENSE/COPYING file listed in RECORD
        for path in dist.files or ():
            if ".dist-info" in str(path) and re.search(r"(LICEN[CS]E|COPYING)", path.name, re.IGNORECASE):
                relative = str(path).split(".dist-info/", 1)[1]
                texts.append(LicenceText(path.name, (name, relative)))
    if _canonical(name) in ("pyside6-essentials", "pyside6-pdf", "shiboken6", "pyside6"):
        texts += [_licence_resource("Qt-LGPL-notice.txt"), _licence_resource("LGPL-3.0.txt"),
                  _licence_resource("GPL-3.0.txt")]
    return tuple(texts)


def _qt_version() -> str:
    """The Qt inside the PySide6 wheels: PySide6 X.Y.Z ships Qt X.Y.Z (a fourth number is a PySide-only fix)."""
    for name in ("PySide6_Essentials", "PySide6", "shiboken6"):
        try:
            return ".".join(metadata.version(name).split(".")[:3])
        except metadata.PackageNotFoundError:
            continue
    return "?"


def _sqlcipher_versions() -> tuple[str, str]:
    """SQLCipher's version (with SQLite's) and that of the OpenSSL linked into it."""
    try:
        import sqlcipher3
    except ImportError:  # pragma: no cover - sqlcipher3 is a requirement
        return "?", "?"
    connection = sqlcipher3.connect(":memory:")
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
        sqlite = connection.execute("SELECT sqlite_version()").fetchone()
        connection.execute("PRAGMA key = 'version-probe'")  # the provider is loaded once a key is set
        provider = connection.execute("PRAGMA cipher_provider_version").fetchone()
    finally:
        connection.close()
    return f"{row[0] if row else '?'} (SQLite {sqlite[0]})", _openssl_number(provider[0] if provider else "")


def _openssl_number(text: str) -> str:
    match = re.search(r"OpenSSL (\S+)", text)
    return match.group(1) if match else "?"


def _openssl_versions(sqlcipher: str) -> str:
    try:
        from cryptography.hazmat.backends.openssl import backend
    except ImportError:  # pragma: no cover - cryptography is a requirement
        return f"{sqlcipher} (sqlcipher3)"
    return f"{sqlcipher} (sqlcipher3), {_openssl_number(backend.openssl_version_text())} (cryptography)"


def _font_revision(file_name: str) -> str:
    """The ``fontRevision`` of a bundled TrueType font's ``head`` table, e.g. ``2.013`` (read without the whole file:
    the frozen app ships some fonts compressed)."""
    with open_font(file_name) as font:
        (tables,) = struct.unpack(">H", font.read(12)[4:6])
        directory = font.read(16 * tables)
        for index in range(tables):
            tag, _checksum, offset, _length = struct.unpack(">4sIII", directory[16 * index:16 * index + 16])
            if tag == b"head":
                font.seek(offset + 4)
                (revision,) = struct.unpack(">i", font.read(4))
                return f"{revision / 65536:.3f}"
    return "?"


#: The one font not of the Noto family: Android's fallback font, for Chinese characters (Debian's
#: fonts-droid-fallback 6.0.1r16, unmodified; Copyright 2006–2010 Google Corp., Apache License 2.0).
CHINESE_FONT = "DroidSansFallback-Regular.ttf"
#: Korean names: NAVER's Nanum Gothic (Debian's fonts-nanum 20200506-1, unmodified; OFL 1.1).
KOREAN_FONT = "NanumGothic.ttf"


def bundled_fonts() -> list[str]:
    """The TrueType files under ``resources/fonts`` (by their plain names, compressed or not)."""
    return font_file_names()


def _qt_icu_version() -> str | None:
    """The ICU inside the PySide6 wheel (Linux wheels only: ``PySide6/Qt/lib/libicuuc.so.NN``), or None."""
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing Qt
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for library in sorted((Path(folder) / "Qt" / "lib").glob("libicuuc.so.*")):
            major = library.name.rsplit(".", 1)[1]
            found = re.search(rb"\x00(" + major.encode() + rb"\.\d+(?:\.\d+)?)\x00", library.read_bytes())
            return found.group(1).decode() if found else major
    return None


def native_components() -> list[Component]:
    """What the bundle carries besides Python packages: Qt (and ICU, on Linux), SQLCipher, OpenSSL, the fonts,
    Python."""
    noto = [name for name in bundled_fonts() if name.startswith("Noto")]
    families = sorted({name.split("-")[0] for name in noto})
    font_versions = sorted({_font_revision(name) for name in noto})
    sqlcipher, openssl = _sqlcipher_versions()
    icu = _qt_icu_version()
    return [
        Component("Qt", _qt_version(), "LGPL-3.0-only",
                  (_licence_resource("Qt-LGPL-notice.txt"), _licence_resource("LGPL-3.0.txt"),
                   _licence_resource("GPL-3.0.txt"))),
        *([Component("ICU", icu, "Unicode-DFS-2016", (_licence_resource("ICU.txt"),))] if icu else []),
        Component("SQLCipher", sqlcipher, "BSD-3-Clause", (_licence_resource("SQLCipher.txt"),)),
        Component("OpenSSL (libcrypto)", _openssl_versions(openssl), "Apache-2.0",
                  (_licence_resource("Apache-2.0.txt"),)),
        Component("Noto fonts: " + ", ".join(families), ", ".join(font_versions), "OFL-1.1",
                  (LicenceText("OFL.txt", resources.files("avrcase.resources") / "fonts" / "OFL.txt"),)),
        Component("Droid Sans Fallback (Chinese characters)", _font_revision(CHINESE_FONT), "Apache-2.0",
                  (_licence_resource("Apache-2.0.txt"),)),
        Component("Nanum Gothic (Korean Hangul)", _font_revision(KOREAN_FONT), "OFL-1.1",
                  (LicenceText("OFL-Nanum.txt", resources.files("avrcase.resources") / "fonts" / "OFL-Nanum.txt"),)),
        Component("Python", sys.version.split()[0], "PSF-2.0", (_licence_resource("Python-PSF.txt"),)),
    ]


def components(*, frozen: bool | None = None) -> list[Component]:
    """Every bundled component with its version and licence: native parts first, then Python packages."""
    packages = [Component(d.metadata["Name"], d.version, _dist_licence(d), _dist_texts(d))
                for d in python_distributions(frozen=frozen)]
    return native_components() + packages
