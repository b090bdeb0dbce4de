"""A table continuing a 绩效目标表's indicator block across a page break.

Published forms split by a page break come as two tables: the second one starts with the
indicator header printed again (Word's repeated header rows), or with the indicator rows
alone. Either way it is the same form: its rows are read under the header already read, and
the 一级/二级 classes still open go on into it.
"""

from __future__ import annotations

from kpi_analysis.forms.cells import grid_width, non_empty, positions
from kpi_analysis.forms.fields import names_project
from kpi_analysis.forms.targets.columns import Header, is_header
from kpi_analysis.readers.grid import Cell, Table
from kpi_analysis.text.vocabulary import canonical_level1, canonical_level2, label_key


def repeats_header(header: Header, row: list[Cell]) -> bool:
    """True when ``row`` prints the header already read again (or one row of a two-row
    header): two labels or more, each one of that header's labels."""
    cells = non_empty(row)
    known = {label_key(c.text) for c in header.label_cells}
    return len(cells) >= 2 and all(label_key(c.text) in known for c in cells)


def fits_header(header: Header, row: list[Cell]) -> bool:
    """True when ``row`` reads as an indicator row under ``header``: a known class under the
    一级 or a 二级 column, or an indicator name with a value beside it."""
    cells = dict(positions(row))

    def text(col: int | None) -> str:
        cell = cells.get(col) if col is not None else None
        return "" if cell is None or cell.is_empty else cell.text

    if canonical_level1(text(header.level1_col)):
        return True
    for side in header.sides:
        if canonical_level2(text(side.columns.get("level2"))):
            return True
        values = [side.columns.get("target"), *side.matrix]
        if text(side.columns.get("indicator")) and any(text(c) for c in values):
            return True
    return False


def continues_block(table: Table, header: Header, width: int) -> bool:
    """True when ``table`` (no title above it) is the rest of an indicator block read under
    ``header`` in a form table ``width`` columns wide: it names no project, and its first row
    repeats that header, or it has the form's width and a row reads under the header."""
    rows = [row for row in table.rows if non_empty(row)]
    if not rows or names_project([c for row in rows for c in non_empty(row)]):
        return False
    if is_header(rows[0]) or repeats_header(header, rows[0]):
        return repeats_header(header, rows[0])
    return grid_width(table.rows) == width and any(fits_header(header, row) for row in rows)
