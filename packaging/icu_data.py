"""ICU's data library in the Linux bundle, cut down to the data Qt reads (packaging/avrcase.spec uses this).

PySide6's QtCore on Linux links ICU (``libicui18n``, ``libicuuc`` and ``libicudata``, whose one symbol
``icudtNN_dat`` holds ICU's whole data package: 32 MB of the bundle). Qt calls ICU for collation
(``ucol_*``: QCollator, the file dialog's sorting), case mapping (``u_strToUpper``/``u_strToLower``, whose
tables are compiled into ``libicuuc``), calendars and time zones (``ucal_*``) and named text codecs
(``ucnv_*``: QStringConverter for anything but UTF-8/16/32 and Latin-1). It never calls ICU's break
iterators, transliterators, number spell-out, display names of languages, currencies or units, StringPrep or
spoof checks (``nm -D --undefined-only libQt6Core.so.6``), so their data (:data:`UNUSED`) is left out and a
``libicudata`` with the same soname and symbol is rebuilt around the rest with binutils (``as``, ``ld``).
:func:`check` makes the ICU calls Qt makes against a library folder; the tests and the smoke test run it.

The package format (ICU's "common data", ``CmnD``): a data header, then a table of contents (a count and,
per item, the offsets of its name and its data from the end of the header), the names, then each item
aligned to 16 bytes, in name order (ICU finds items by binary search).
"""

from __future__ import annotations

import ctypes
import re
import struct
import subprocess
import sys
from pathlib import Path

#: Data trees and files of ICU's package that Qt never reads (item names below ``icudtNNl/``).
UNUSED = (
    "brkitr/",  # break iterators and their dictionaries (Qt breaks text with its own tables)
    "translit/",  # transliterators
    "rbnf/",  # rule-based number formats (spelled-out numbers)
    "lang/", "curr/", "unit/",  # display names of languages, currencies and units; unit formats
    "*.spp",  # StringPrep profiles (IDNA 2003, XMPP...; Qt's QUrl has its own IDNA)
    "confusables.cfu",  # spoof checking
    "unames.icu",  # Unicode character names
    "*.cnv",  # legacy codepage tables (cnvalias.icu stays): see CODECS below
)
#: What leaving out the codepage tables costs: Qt's QStringConverter still has UTF-8/16/32, Latin-1 and the
#: system codec of its own, and ICU its algorithmic converters (US-ASCII, ISO-8859-1, UTF-7, SCSU, BOCU-1...);
#: table-based ones such as windows-1257 are gone. avrcase never asks Qt for a codec: Python reads and
#: writes every file (a test in tests/packaging checks the source for Qt's converter classes).
CODECS = ("UTF-8", "UTF-16LE", "US-ASCII", "ISO-8859-1")
_ALIGN = 16


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % _ALIGN)


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The data header and the (name, data) items of an ICU common data package."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[4 + 4] != 0:  # little-endian only
        raise ValueError("not a little-endian ICU common data package")
    (count,) = struct.unpack_from("<I", blob, header_size)
    toc = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(toc):
        name_start = header_size + name_at
        name = blob[name_start:blob.index(b"\0", name_start)].decode("ascii")
        end = header_size + toc[i + 1][1] if i + 1 < count else len(blob)
        items.append((name, blob[header_size + data_at:end]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """An ICU common data package of ``items`` (in the order given, which must be name order)."""
    names = [name.encode("ascii") + b"\0" for name, _data in items]
    toc_size = 4 + 8 * len(items)
    name_offsets, at = [], toc_size
    for name in names:
        name_offsets.append(at)
        at += len(name)
    data_at = len(header) + at
    data_at += -data_at % _ALIGN
    body, data_offsets = b"", []
    for _name, data in items:
        data_offsets.append(data_at - len(header) + len(body))
        body += _pad(data)
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True))
    head = header + toc + b"".join(names)
    return head + b"\0" * (data_at - len(head)) + body


def is_unused(name: str) -> bool:
    """Whether the package item ``name`` (``icudt73l/brkitr/line.brk``) is data Qt never reads."""
    item = name.split("/", 1)[1] if "/" in name else name
    for pattern in UNUSED:
        if pattern.endswith("/") and item.startswith(pattern):
            return True
        if pattern.startswith("*.") and "/" not in item and item.endswith(pattern[1:]):
            return True
        if item == pattern:
            return True
    return False


def library_data(library: Path) -> tuple[str, str, bytes]:
    """The symbol (``icudt73_dat``), soname and data package of ICU's data library."""
    symbols = subprocess.run(["nm", "-D", "--defined-only", str(library)], capture_output=True, text=True,
                             check=True).stdout
    found = re.search(r"^([0-9a-f]+) [RDB] (icudt\d+_dat)$", symbols, re.MULTILINE)
    dynamic = subprocess.run(["readelf", "-d", "-S", "-W", str(library)], capture_output=True, text=True,
                             check=True).stdout
    soname = re.search(r"\(SONAME\).*\[(.+)\]", dynamic)
    section = re.search(r"\s\.rodata\s+PROGBITS\s+([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)", dynamic)
    if not (found and soname and section):
        raise ValueError(f"{library}: not an ICU data library (no icudtNN_dat, soname or .rodata)")
    address, offset, size = (int(x, 16) for x in section.groups())
    start = offset + int(found.group(1), 16) - address
    blob = library.read_bytes()[start:offset + size]
    return found.group(2), soname.group(1), blob


def build_library(blob: bytes, symbol: str, soname: str, target: Path, workdir: Path) -> None:
    """A shared library ``target`` that exports ``blob`` as ``symbol`` (read-only, aligned to 16), like ICU's own."""
    workdir.mkdir(parents=True, exist_ok=True)
    data, source, obj = workdir / "icudata.dat", workdir / "icudata.s", workdir / "icudata.o"
    data.write_bytes(blob)
    source.write_text(
        f'\t.section .rodata\n\t.balign {_ALIGN}\n\t.globl {symbol}\n\t.type {symbol}, @object\n'
        f'\t.size {symbol}, {len(blob)}\n{symbol}:\n\t.incbin "{data.name}"\n'
        '\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    subprocess.run(["as", "-o", obj.name, source.name], cwd=workdir, check=True)
    subprocess.run(["ld", "-shared", "-soname", soname, "-o", str(target.resolve()), obj.name], cwd=workdir, check=True)


def trim(library: Path, target: Path, workdir: Path) -> tuple[int, int]:
    """Write ``target``: ICU's data library ``library`` without :data:`UNUSED`. Returns both sizes of the data."""
    symbol, soname, blob = library_data(library)
    header, items = read_package(blob)
    kept = [(name, data) for name, data in items if not is_unused(name)]
    trimmed = write_package(header, kept)
    if read_package(trimmed)[1] != kept:
        raise ValueError("the trimmed ICU package does not read back")
    build_library(trimmed, symbol, soname, target, workdir)
    return len(blob), len(trimmed)


# --- what Qt asks of ICU, made through ctypes against a folder of ICU libraries ---------------------------

def _utf16(text: str) -> tuple[ctypes.Array, int]:
    data = text.encode("utf-16-le")
    return ctypes.create_string_buffer(data, len(data) + 2), len(data) // 2


def _from_utf16(buffer: ctypes.Array, length: int) -> str:
    return buffer.raw[:2 * length].decode("utf-16-le")


def check(folder: Path) -> list[str]:
    """Make the ICU calls Qt makes, with the ICU libraries in ``folder``; returns what they answered.

    Raises ``RuntimeError`` when a call fails or answers wrongly. Run it in a process that has not loaded
    another ICU (a second copy with the same soname would be used instead).
    """
    i18n = next(folder.glob("libicui18n.so.*"))
    version = i18n.name.rsplit(".", 1)[1]
    lib = ctypes.CDLL(str(i18n))
    uc = ctypes.CDLL(str(next(folder.glob(f"libicuuc.so.{version}"))))
    maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    data = folder.resolve() / f"libicudata.so.{version}"
    if str(data) not in maps:  # another libicudata (LD_LIBRARY_PATH, the system's) would answer instead
        raise RuntimeError(f"ICU did not load its data from {data}")

    def call(library: ctypes.CDLL, name: str, restype, *args):
        function = getattr(library, f"{name}_{version}")
        function.restype = restype
        status = ctypes.c_int(0)
        result = function(*args, ctypes.byref(status))
        if status.value > 0:  # U_FAILURE; negative values are warnings (e.g. a fallback locale)
            raise RuntimeError(f"ICU {name}{args[:1]} failed with error {status.value}")
        return result

    answers = []
    # Collation (QCollator): Lithuanian sorts y with i, before j; the root order puts j first.
    for locale, expected in ((b"lt", -1), (b"en", 1)):
        collator = call(lib, "ucol_open", ctypes.c_void_p, ctypes.c_char_p(locale))
        a, b = _utf16("yra"), _utf16("jis")
        strcoll = getattr(lib, f"ucol_strcoll_{version}")
        strcoll.restype = ctypes.c_int
        order = strcoll(ctypes.c_void_p(collator), a[0], a[1], b[0], b[1])
        getattr(lib, f"ucol_close_{version}")(ctypes.c_void_p(collator))
        if order != expected:
            raise RuntimeError(f"ICU collation ({locale.decode()}) put 'yra' and 'jis' in the wrong order")
        answers.append(f"collation {locale.decode()} ok")
    # Case mapping (QLocale::toUpper): Lithuanian and Turkish rules.
    for locale, text, expected in ((b"tr", "istanbul", "İSTANBUL"), (b"lt", "šaltibarščiai", "ŠALTIBARŠČIAI")):
        src = _utf16(text)
        dest = ctypes.create_string_buffer(256)
        length = call(uc, "u_strToUpper", ctypes.c_int32, dest, ctypes.c_int32(128), src[0], ctypes.c_int32(src[1]),
                      ctypes.c_char_p(locale))
        if _from_utf16(dest, length) != expected:
            raise RuntimeError(f"ICU upper case ({locale.decode()}) of {text!r} is {_from_utf16(dest, length)!r}")
    answers.append("case mapping ok")
    # Calendars and time zones (QTimeZone): a calendar in the office's zone opens.
    zone = _utf16("Europe/Vilnius")
    calendar = call(lib, "ucal_open", ctypes.c_void_p, zone[0], ctypes.c_int32(zone[1]), ctypes.c_char_p(b"lt"),
                    ctypes.c_int(0))
    name = ctypes.create_string_buffer(256)
    length = call(lib, "ucal_getTimeZoneDisplayName", ctypes.c_int32, ctypes.c_void_p(calendar), ctypes.c_int(0),
                  ctypes.c_char_p(b"lt"), name, ctypes.c_int32(128))
    getattr(lib, f"ucal_close_{version}")(ctypes.c_void_p(calendar))
    if "Europos" not in _from_utf16(name, length):  # "Rytų Europos standartinis laikas"
        raise RuntimeError(f"ICU names Europe/Vilnius in Lithuanian {_from_utf16(name, length)!r}")
    answers.append(f"time zone {_from_utf16(name, length)!r}")
    # Codecs (QStringConverter): the algorithmic converters.
    for name in CODECS:
        converter = call(uc, "ucnv_open", ctypes.c_void_p, ctypes.c_char_p(name.encode("ascii")))
        getattr(uc, f"ucnv_close_{version}")(ctypes.c_void_p(converter))
    answers.append(f"codecs {', '.join(CODECS)} ok")
    return answers


if __name__ == "__main__":  # python packaging/icu_data.py FOLDER: the checks, in a process of their own
    print("; ".join(check(Path(sys.argv[1]))))
