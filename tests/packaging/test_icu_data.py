"""The Linux bundle's ICU data library is cut down to what Qt reads (packaging/icu_data.py).

Qt must call ICU for nothing whose data is left out, the trimmed library must answer the calls Qt makes
exactly as PySide6's own, and avrcase must never ask Qt for a codec the trimmed data no longer has.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import icu_data  # noqa: E402 - packaging/ is not a package

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only the Linux wheels of PySide6 carry ICU")


def qt_lib() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "lib"


def _needs_binutils():
    for tool in ("nm", "readelf", "as", "ld"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} (binutils) is not installed; scripts/build-app installs it")


#: The ICU functions QtCore may call, and why the data they read stays in the trimmed package.
QT_ICU_CALLS = re.compile(
    r"(ucol_|ucal_|ucnv_|UCNV_|u_strToUpper|u_strToLower)"  # collation, calendars/zones, codecs, case
)


@linux_only
def test_qt_calls_icu_for_nothing_whose_data_is_left_out():
    _needs_binutils()
    called = set()
    for library in sorted(qt_lib().glob("libQt6*.so.6")):
        symbols = subprocess.run(["nm", "-D", "--undefined-only", str(library)], capture_output=True, text=True,
                                 check=True).stdout
        called |= {line.split()[-1] for line in symbols.splitlines() if re.search(r"_\d+$", line.split()[-1])
                   and re.match(r"u[a-z]*_|U[A-Z]+_", line.split()[-1])}
    assert called, "Qt calls no ICU function: has PySide6 stopped linking ICU? Then drop packaging/icu_data.py"
    unexpected = sorted(name for name in called if not QT_ICU_CALLS.match(name))
    assert not unexpected, f"Qt now calls ICU for {unexpected}: check that icu_data.UNUSED keeps their data"


@linux_only
def test_trimmed_icu_data_answers_the_calls_qt_makes(tmp_path):
    _needs_binutils()
    data = next(qt_lib().glob("libicudata.so.*"), None)
    if data is None:
        pytest.skip("this PySide6 has no ICU of its own")
    folder = tmp_path / "lib"
    folder.mkdir()
    for library in qt_lib().glob("libicu*.so.*"):
        if library.name != data.name:
            shutil.copy(library, folder)
    before, after = icu_data.trim(data, folder / data.name, tmp_path / "work")
    assert after < before * 0.5, (before, after)
    # In a process of its own: this one has PySide6's ICU loaded already.
    ours = subprocess.run([sys.executable, str(ROOT / "packaging" / "icu_data.py"), str(folder)], capture_output=True,
                          text=True, check=True).stdout
    theirs = subprocess.run([sys.executable, str(ROOT / "packaging" / "icu_data.py"), str(qt_lib())],
                            capture_output=True, text=True, check=True).stdout
    assert ours == theirs and "collation lt ok" in ours
    # The symbol and soname ICU's code links against are the same.
    assert icu_data.library_data(folder / data.name)[:2] == icu_data.library_data(data)[:2]


def test_package_items_read_back_after_trimming():
    header = b"\x90\x00\xda\x27" + b"\x14\x00\x00\x00\x00\x00\x02\x00CmnD\x01\x00\x00\x00\x03\x00\x00\x00"
    header += b"\0" * (144 - len(header))
    items = [("icudt73l/brkitr/line.brk", b"x" * 20), ("icudt73l/coll/lt.res", b"y" * 33),
             ("icudt73l/lang/lt.res", b"z"), ("icudt73l/lt.res", b"w" * 16), ("icudt73l/windows-1257.cnv", b"c")]
    package = icu_data.write_package(header, items)
    read_header, read_items = icu_data.read_package(package)
    assert read_header == header
    assert [(name, data[:len(orig)]) for (name, data), (_n, orig) in zip(read_items, items, strict=True)] == items
    kept = [name for name, _data in items if not icu_data.is_unused(name)]
    assert kept == ["icudt73l/coll/lt.res", "icudt73l/lt.res"]


def test_avrcase_asks_qt_for_no_codec():
    """The bundle's ICU has no codepage tables: Python reads and writes every file, never Qt's converters."""
    pattern = re.compile(r"\b(QStringConverter|QStringDecoder|QStringEncoder|QTextCodec)\b")
    used = [str(path.relative_to(ROOT)) for path in (ROOT / "src" / "avrcase").rglob("*.py")
            if pattern.search(path.read_text(encoding="utf-8"))]
    assert not used, f"{used} use Qt's text codecs; keep ICU's .cnv tables in packaging/icu_data.py"
