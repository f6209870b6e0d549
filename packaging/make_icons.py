"""Render packaging/icons/avrcase.svg to the PNG sizes, the Windows .ico, the macOS .icns and the window icon.

    .venv/bin/python packaging/make_icons.py

Qt's QSvgRenderer draws each size from the SVG (no blurry scaling of one bitmap); Pillow writes the
.ico and .icns containers. The outputs are committed, so that builds need neither step.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The icon at ``size`` × ``size`` pixels, as a Pillow RGBA image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841 - QPainter needs one
    renderer = QSvgRenderer(str(HERE / "avrcase.svg"))
    if not renderer.isValid():
        print("make_icons: avrcase.svg is not a valid SVG", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in SIZES}
    (HERE / "png").mkdir(exist_ok=True)
    for size, image in images.items():
        image.save(HERE / "png" / f"avrcase-{size}.png", optimize=True)
    images[256].save(HERE.parent.parent / "resources" / "icons" / "avrcase.png", optimize=True)  # the window icon
    images[256].save(HERE / "avrcase.ico", sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[images[s] for s in ICO_SIZES if s != 256])
    images[1024].save(HERE / "avrcase.icns", append_images=[images[s] for s in (16, 32, 64, 128, 256, 512)])
    print(f"make_icons: {len(SIZES)} PNG sizes, avrcase.ico and avrcase.icns in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
