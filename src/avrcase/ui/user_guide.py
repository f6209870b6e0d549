"""Help ▸ User guide: the guide of ``docs/guide`` (Markdown) shown as HTML in a window of the app, offline.

The guide ships inside the package as ``avrcase.resources.guide`` (``setup.py`` copies ``docs/guide`` there);
run from a checkout, it is read from ``docs/guide`` itself. Chapters are rendered with Python-Markdown when
shown, links between chapters and to headings stay inside the window, and links out of the guide open in
the system's browser. The language follows the interface: Lithuanian for a Lithuanian UI, else English.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import markdown
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QToolBar, QVBoxLayout, QWidget

from avrcase.i18n import _, current_locale
from avrcase.ui import palette

#: Languages the guide is written in; any other interface language gets the English guide.
GUIDE_LANGUAGES = ("en", "lt")
INDEX = "index.md"
#: Pictures are never shrunk below this width (pixels), however narrow the window.
MIN_IMAGE_WIDTH = 480
#: How the pages look: Qt's rich-text engine knows a subset of CSS 2.1.
STYLE = """
body { font-size: 11pt; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 18px; } h3 { font-size: 12pt; }
table { border-collapse: collapse; } th, td { border: 1px solid %s; padding: 3px 6px; }
code { font-family: monospace; background-color: %s; }
""" % (palette.GUIDE_RULE, palette.GUIDE_CODE_BACKGROUND)


def guide_root() -> Path | None:
    """The folder holding ``<lang>/*.md`` and ``images/``: the installed copy, else the checkout's docs/guide."""
    # resolved: a developer's worktree links src/avrcase/resources to the checkout's resources folder
    package = Path(str(resources.files("avrcase.resources"))).resolve()
    for folder in (package / "guide", package.parent / "docs" / "guide"):
        if (folder / "en" / INDEX).is_file():
            return folder
    return None


def guide_language(locale: str | None = None) -> str:
    """The guide's language for the interface locale ``locale`` (default: the current one)."""
    language = (locale or current_locale()).replace("-", "_").split("_", 1)[0].lower()
    return language if language in GUIDE_LANGUAGES else "en"


def render(path: Path) -> str:
    """The chapter ``path`` (Markdown) as an HTML page; headings get the ids its links point to."""
    body = markdown.markdown(path.read_text(encoding="utf-8"),
                             extensions=[TableExtension(), TocExtension(slugify=slugify_unicode)])
    return f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>"


class GuideBrowser(QTextBrowser):
    """A text browser that renders ``.md`` pages of the guide itself and sends other links to the system."""

    def doSetSource(self, name: QUrl, type_: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource):
        if name.isLocalFile() and name.path().endswith(".md"):
            type_ = QTextDocument.ResourceType.HtmlResource  # rendered by loadResource, not by Qt's Markdown
        super().doSetSource(name, type_)

    def loadResource(self, type_: int, name: QUrl):
        if name.isLocalFile() and name.path().endswith(".md"):
            path = Path(name.toLocalFile())
            return render(path) if path.is_file() else None
        if type_ == QTextDocument.ResourceType.ImageResource and name.isLocalFile():
            # A screenshot is as wide as a window: shrink it to the page so nothing scrolls sideways.
            image = QImage(name.toLocalFile())
            limit = max(MIN_IMAGE_WIDTH, self.viewport().width() - 40)
            if not image.isNull() and image.width() > limit:
                image = image.scaledToWidth(limit, Qt.TransformationMode.SmoothTransformation)
            return image
        return super().loadResource(type_, name)


class UserGuideWindow(QWidget):
    """The guide in a window of its own, opened at the contents of the interface language's guide."""

    def __init__(self, parent: QWidget | None = None, *, language: str | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(_("avrcase user guide"))
        self.root = guide_root()
        self.language = guide_language(language)
        self.browser = GuideBrowser()
        self.browser.document().setDocumentMargin(12)
        self.browser.setOpenExternalLinks(True)  # web and mail links go to the system's browser and mail
        toolbar = QToolBar()
        toolbar.addAction(_("Contents"), self.home)
        back = toolbar.addAction(_("Back"), self.browser.backward)
        back.setShortcut(QKeySequence.StandardKey.Back)
        forward = toolbar.addAction(_("Forward"), self.browser.forward)
        forward.setShortcut(QKeySequence.StandardKey.Forward)
        # Its own way out: with no window manager (a kiosk, a remote X session) the window has no title bar to close it.
        close = toolbar.addAction(_("Close"), self.close)
        close.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence("Esc")])
        close.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.browser.backwardAvailable.connect(back.setEnabled)
        self.browser.forwardAvailable.connect(forward.setEnabled)
        back.setEnabled(False)
        forward.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(self.browser, 1)
        self.resize(900, 700)
        self.home()

    def home(self) -> None:
        """Show the contents page of the guide (or say that it is missing)."""
        if self.root is None:
            self.browser.setHtml("<p>%s</p>" % _("The user guide is not installed with this copy of avrcase."))
            return
        self.browser.setSource(QUrl.fromLocalFile(str(self.root / self.language / INDEX)))
