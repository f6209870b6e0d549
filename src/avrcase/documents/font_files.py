"""The shipped font files, read as bytes: plain ``.ttf`` in the source tree, some ``.ttf.xz`` in the frozen app.

The frozen app keeps the fonts it reads only when a text needs them (Chinese and Korean: 8.7 MB) compressed with
xz, 3.6 MB in all, to stay under #18's size target (packaging/avrcase.spec). Everything that reads a font (the
documents, the screens, Help ▸ About) goes through here, so either form works. No ReportLab and no Qt here: the
screens read the fonts on the start path.
"""

from __future__ import annotations

import lzma
from importlib import resources
from importlib.resources.abc import Traversable
from typing import IO

#: What the frozen app adds to the name of a font it ships compressed (``NanumGothic.ttf.xz``).
COMPRESSED_SUFFIX = ".xz"


def font_folder() -> Traversable:
    """``resources/fonts``, inside the package or the bundle."""
    return resources.files("avrcase.resources") / "fonts"


def font_file_names(folder: Traversable | None = None) -> list[str]:
    """The TrueType fonts shipped (``NotoSans-Regular.ttf``…), by their plain names whichever form they are in."""
    folder = folder if folder is not None else font_folder()
    names = {entry.name.removesuffix(COMPRESSED_SUFFIX) for entry in folder.iterdir()}
    return sorted(name for name in names if name.lower().endswith(".ttf"))


def open_font(file_name: str, folder: Traversable | None = None) -> IO[bytes]:
    """The font ``file_name`` (``NanumGothic.ttf``) opened for reading as TrueType bytes, uncompressed on the way
    when the app ships it compressed; ``FileNotFoundError`` naming it when it is in neither form."""
    folder = folder if folder is not None else font_folder()
    plain = folder / file_name
    if plain.is_file():
        return plain.open("rb")
    packed = folder / (file_name + COMPRESSED_SUFFIX)
    if packed.is_file():
        return _Uncompressing(packed.open("rb"))
    raise FileNotFoundError(f"the font {file_name} is missing from {folder}")


class _Uncompressing(lzma.LZMAFile):
    """An xz file read uncompressed, closing the file it reads from when closed (``LZMAFile`` leaves open a file
    object it was given, and a ``Traversable`` gives no path to open by name)."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__(raw)
        self._raw = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def font_bytes(file_name: str, folder: Traversable | None = None) -> bytes:
    """The whole TrueType file ``file_name``, uncompressed (see ``open_font``)."""
    with open_font(file_name, folder) as font:
        return font.read()
