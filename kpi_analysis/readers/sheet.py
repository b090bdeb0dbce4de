"""A worksheet as the sheet reader sees it: stored cells and merged ranges.

:class:`~kpi_analysis.readers.xlsx._SheetReader` splits a worksheet into tables and
paragraphs. It reads only a sheet's ``title``, its stored cells (``_cells``: objects with
``row``, ``column``, ``value`` and ``number_format``) and ``merged_cells.ranges`` (objects
with ``min_row``/``min_col``/``max_row``/``max_col``). The .xlsx streaming pass and the .xls
reader both build a :class:`Sheet`, so both formats give the same grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Range:
    """A merged range (1-based, inclusive)."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


class StoredCell:
    """One stored cell: position (1-based), value and number format."""

    __slots__ = ("row", "column", "value", "number_format")

    def __init__(self, row: int, column: int, value: object, number_format: str) -> None:
        self.row = row
        self.column = column
        self.value = value
        self.number_format = number_format


@dataclass
class Merged:
    """The merged ranges of a sheet (``sheet.merged_cells.ranges`` as in openpyxl)."""

    ranges: list[Range] = field(default_factory=list)


@dataclass
class Sheet:
    """What the sheet reader uses of a worksheet."""

    title: str
    _cells: dict[tuple[int, int], StoredCell] = field(default_factory=dict)
    merged_cells: Merged = field(default_factory=Merged)
