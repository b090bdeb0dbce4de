"""Building a :class:`Table` from cells placed on a grid (HTML and PDF tables).

HTML (rowspan/colspan) and PDF (cell geometry) both give each cell a position and a span on
a logical grid. :func:`table_from_spans` turns them into rows in the Word reader's
convention: the top-left cell of a merge carries ``row_span``/``col_span``; on the rows
below, the first covered position is an empty ``continued`` cell with the merge's
``col_span``; positions no cell covers are empty cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from kpi_analysis.readers.grid import Cell, Source, Table


class Placed(NamedTuple):
    """A cell's text at grid ``row``/``col`` (0-based) with its spans."""

    row: int
    col: int
    row_span: int
    col_span: int
    text: str


def table_from_spans(
    index: int, cells: Iterable[Placed], source: Callable[[int, int], Source]
) -> Table:
    """A :class:`Table` from placed cells; ``source(row, col)`` (0-based) names a position."""
    anchors: dict[tuple[int, int], Placed] = {}
    owner: dict[tuple[int, int], Placed] = {}
    n_rows = n_cols = 0
    for cell in cells:
        if (cell.row, cell.col) in owner:
            continue  # overlapping spans (bad markup): the first cell keeps the position
        anchors[(cell.row, cell.col)] = cell
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.col, cell.col + cell.col_span):
                owner.setdefault((r, c), cell)
        n_rows = max(n_rows, cell.row + cell.row_span)
        n_cols = max(n_cols, cell.col + cell.col_span)
    table = Table(index=index)
    for r in range(n_rows):
        row: list[Cell] = []
        c = 0
        while c < n_cols:
            cell = owner.get((r, c))
            if cell is None:
                row.append(Cell(text="", source=source(r, c)))
                c += 1
                continue
            width = cell.col + cell.col_span - c
            if cell.row == r and cell.col == c:
                row.append(
                    Cell(cell.text, source(r, c), row_span=cell.row_span, col_span=cell.col_span)
                )
            elif cell.row < r:
                row.append(Cell("", source(r, c), col_span=width, continued=True))
            else:
                row.append(Cell("", source(r, c), col_span=width))
            c += width
        table.rows.append(row)
    return table
