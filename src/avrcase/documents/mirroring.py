"""Tables read right to left, and bilingual labels whose two lines run in different directions.

A document wholly in Arabic, Persian, Urdu or Sorani is read from the right: its tables print their first
column at the right, a label on the right of its value, an itinerary's legs from right to left. The
renderers build their tables once for every language; :func:`mirror_tables` turns those of a right-to-left
document around just before the pages are laid out (columns, widths, paddings, lines and the side each
cell's text is set against).

A bilingual document keeps the office language's layout, as an office's bilingual form does: its tables
run left to right, and only the returnee's right-to-left line of a label pair is set against the right
edge of its cell (:class:`StackedLines`), where its reader starts.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.platypus import Flowable, KeepTogether, Table

from avrcase.documents.paragraphs import ScriptParagraph

_SIDES = {"LEFT": "RIGHT", "RIGHT": "LEFT"}
_LINES = {"LINEBEFORE": "LINEAFTER", "LINEAFTER": "LINEBEFORE"}


def _column(index: int, columns: int) -> int:
    return index + columns if index < 0 else index


def _mirrored_command(command, columns: int):
    """A table style command with its columns counted from the other side (and "before" turned into "after")."""
    op, (start_column, start_row), (end_column, end_row), *values = command
    first, last = _column(start_column, columns), _column(end_column, columns)
    return (_LINES.get(op, op), (columns - 1 - last, start_row), (columns - 1 - first, end_row), *values)


def _mirror_cell_content(value: object) -> None:
    for item in value if isinstance(value, list | tuple) else (value,):
        if isinstance(item, ScriptParagraph | StackedLines):
            item.mirror_alignment()
        else:
            mirror_tables([item])


def mirror_table(table: Table) -> None:
    """Turn ``table`` around in place: its last column first, each cell's padding and alignment swapped."""
    if getattr(table, "_mirrored_columns", False):
        return
    table._mirrored_columns = True  # noqa: SLF001 - our mark on ReportLab's object
    columns = table._ncols  # noqa: SLF001 - ReportLab keeps a table's layout in these attributes
    table._cellvalues = [list(reversed(row)) for row in table._cellvalues]  # noqa: SLF001
    if table._argW is not None:  # noqa: SLF001
        table._argW = table._colWidths = list(reversed(table._argW))  # noqa: SLF001
    table._cellStyles = [list(reversed(row)) for row in table._cellStyles]  # noqa: SLF001
    for row in table._cellStyles:  # noqa: SLF001
        for style in row:
            style.leftPadding, style.rightPadding = style.rightPadding, style.leftPadding
            style.alignment = _SIDES.get(str(style.alignment).upper(), style.alignment)
    for name in ("_bkgrndcmds", "_linecmds", "_spanCmds", "_nosplitCmds"):
        setattr(table, name, [_mirrored_command(c, columns) for c in getattr(table, name)])
    table.hAlign = _SIDES.get(str(table.hAlign).upper(), table.hAlign)
    for row in table._cellvalues:  # noqa: SLF001
        for value in row:
            _mirror_cell_content(value)


def mirror_tables(story: Iterable[object]) -> None:
    """Mirror every table in ``story``, also those kept together with a heading or inside another table's cells."""
    for flowable in story:
        if isinstance(flowable, Table):
            mirror_table(flowable)
        elif isinstance(flowable, KeepTogether):
            mirror_tables(flowable._content)  # noqa: SLF001 - what KeepTogether holds


class StackedLines(Flowable):
    """Paragraphs one below the other, each aligned on its own (an English label with its Arabic one below)."""

    def __init__(self, *lines: ScriptParagraph):
        super().__init__()
        self.lines = lines

    def wrap(self, availWidth, availHeight):  # noqa: N802, N803 - ReportLab's names
        self.width = availWidth
        self.height = sum(line.wrap(availWidth, availHeight)[1] for line in self.lines)
        return self.width, self.height

    def draw(self):
        top = self.height
        for line in self.lines:
            top -= line.height
            line.drawOn(self.canv, 0, top)

    def mirror_alignment(self) -> None:
        """Its lines in a table turned around: see :meth:`ScriptParagraph.mirror_alignment`."""
        for line in self.lines:
            line.mirror_alignment()
