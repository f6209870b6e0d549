"""The colours and spacings of the desktop app, in one place: every widget, model and HTML snippet takes them here.

Plain ``#rrggbb`` strings, so they serve style sheets, inline HTML and ``QColor(...)`` alike. Named for what
they mean (an error, something done), not for the hue, so a change of colour is one line here.
"""

from __future__ import annotations

#: Errors and what needs action: a field's message, overdue, overdrawn, missing, refused.
ERROR = "#b00020"
#: Done and ready: a travel check that passes, a plan inside its cap.
DONE = "#1b7f3b"
#: The background of a row that is ready (the departures board).
DONE_BACKGROUND = "#e3f4e8"
#: A caution that does not stop anything (a tight connection, a segment to look at again).
CAUTION = "#8a5300"
#: Secondary text: labels beside values, hints under a field, chart axes.
SECONDARY = "#555555"
#: A row that no longer counts (cancelled, reversed).
INACTIVE = "#777777"

#: A notice that something changed or needs a look (the "changed meanwhile" banner, a survey's notice).
NOTICE_BACKGROUND = "#fff4d6"
NOTICE_BORDER = "#e0b84c"
#: A neutral explanation box at the top of a form.
INFO_BACKGROUND = "#eef3f8"
INFO_BORDER = "#c9d6e3"

#: The dashboard charts: one colour per series, in order; the grid lines behind them.
CHART_SERIES = ("#0b3d6e", "#c8553d", "#5b8e7d", "#8e6c8a")
CHART_GRID = "#d9dde3"

#: The user guide's HTML: table rules and the background of code.
GUIDE_RULE = "#bbbbbb"
GUIDE_CODE_BACKGROUND = "#f0f0f0"

#: Spacing in pixels: inside a boxed notice; between the columns of an HTML table (label and value), before
#: a wide second column (a household beside the case facts, amounts), after a check mark; between the items
#: of a tight row of small widgets (a field and its preview).
BOX_PADDING = 6
CELL_GAP = 16
COLUMN_GAP = 24
SIGN_GAP = 8
TIGHT_SPACING = 2

#: Style sheets built from the above, for the few looks that recur.
ERROR_TEXT_STYLE = f"color: {ERROR};"
SECONDARY_TEXT_STYLE = f"color: {SECONDARY};"
CAUTION_TEXT_STYLE = f"color: {CAUTION};"
NOTICE_BOX_STYLE = f"background: {NOTICE_BACKGROUND}; border: 1px solid {NOTICE_BORDER}; padding: {BOX_PADDING}px;"
INFO_BOX_STYLE = f"background: {INFO_BACKGROUND}; border: 1px solid {INFO_BORDER}; padding: {BOX_PADDING}px;"


def start_side() -> str:
    """The ``align`` of a value's cell beside its label: the side lines start on in the app's layout direction.

    Qt's rich text sets a block by its own text's direction, so an Arabic name in a left-to-right window went to
    the far edge of its column, away from its label; ``align='left'`` there is absolute and leaves the text's
    direction (its shaping and word order) alone.
    """
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415 - the rest of the palette is plain strings

    return "right" if QGuiApplication.isRightToLeft() else "left"
