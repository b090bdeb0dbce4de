"""The format-neutral grid every reader produces and every form interpreter reads.

A :class:`Document` is an ordered list of blocks: free :class:`Paragraph` text and
:class:`Table` objects made of rows of :class:`Cell`. Each cell keeps its text with
line breaks, its span, and a :class:`Source` that points back to the input cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """Where a piece of text came from: file, table, row and column (all 1-based).

    ``line`` is the first line in a text export; ``sheet`` and ``address`` are the
    worksheet and A1 address for Excel input.
    """

    file: str
    table: int | None = None
    row: int | None = None
    col: int | None = None
    line: int | None = None
    sheet: str | None = None
    address: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet={self.sheet}")
        if self.address is not None:
            parts.append(f"cell={self.address}")
        if self.table is not None:
            parts.append(f"table={self.table}")
        if self.row is not None:
            parts.append(f"row={self.row}")
        if self.col is not None:
            parts.append(f"col={self.col}")
        if self.line is not None:
            parts.append(f"line={self.line}")
        return ":".join(parts[:1]) + ("#" + ",".join(parts[1:]) if len(parts) > 1 else "")


@dataclass(frozen=True)
class Cell:
    """One table cell; merged cells appear once with their span."""

    text: str
    source: Source
    row_span: int = 1
    col_span: int = 1
    continued: bool = False  # covered by a vertical merge that starts on a row above

    @property
    def is_empty(self) -> bool:
        """True when the cell holds only whitespace."""
        return not self.text.strip()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text outside any table."""

    text: str
    source: Source


@dataclass
class Table:
    """A table: rows of cells in reading order (``index`` is 1-based in the file)."""

    index: int
    rows: list[list[Cell]] = field(default_factory=list)

    def cells(self) -> list[Cell]:
        """All cells, row by row."""
        return [cell for row in self.rows for cell in row]


@dataclass
class Document:
    """A whole input file as paragraphs and tables in reading order.

    ``notes`` are what a reader saw but could not put into cells (a formula without a
    cached value, text in a hidden sheet or a text box, a cell cut at the length limit):
    dicts with ``source``, ``code``, ``message``, ``severity`` (error / warning / info) and
    ``text``; :func:`kpi_analysis.load` turns them into findings.
    """

    path: str
    blocks: list[Paragraph | Table] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)

    def note(
        self, source: Source | str, code: str, message: str, *, severity: str, text: str = ""
    ) -> None:
        """Add a note (see the class docstring)."""
        self.notes.append(
            {
                "source": str(source),
                "code": code,
                "message": message,
                "severity": severity,
                "text": text,
            }
        )

    @property
    def tables(self) -> list[Table]:
        """The tables of the document, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def non_empty_cells(self) -> list[Cell]:
        """Every table cell that holds text."""
        return [c for t in self.tables for c in t.cells() if not c.is_empty]
