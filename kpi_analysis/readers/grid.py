"""The format-neutral grid every reader produces and every form interpreter reads.

A :class:`Document` is an ordered list of blocks: free :class:`Paragraph` text and
:class:`Table` objects made of rows of :class:`Cell`. Each cell keeps its text with
line breaks, its span, and a :class:`Source` that points back to the input cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Source(NamedTuple):
    """Where a piece of text came from: file, table, row and column (all 1-based).

    ``line`` is the first line in a text export; ``sheet`` and ``address`` are the
    worksheet and A1 address for Excel input; ``page`` is the PDF page a row is printed
    on. Immutable and cheap to build (a named tuple): a reader makes one for every cell.

    >>> str(Source("a.docx", table=2, row=3, col=1))
    'a.docx#table=2,row=3,col=1'
    >>> str(Source("b.xlsx", table=1, row=4, col=2, sheet="表1", address="B4"))
    'b.xlsx#sheet=表1,cell=B4,table=1,row=4,col=2'
    >>> str(Source("c.pdf", table=1, row=4, col=2, page=3))
    'c.pdf#page=3,table=1,row=4,col=2'
    """

    file: str
    table: int | None = None
    row: int | None = None
    col: int | None = None
    line: int | None = None
    sheet: str | None = None
    address: str | None = None
    page: int | None = None

    def __str__(self) -> str:
        file, table, row, col, line, sheet, address, page = self
        if (
            sheet is None
            and address is None
            and line is None
            and page is None
            and None not in (table, row, col)
        ):
            return f"{file}#table={table},row={row},col={col}"  # a Word or text table cell
        named = (
            ("sheet", sheet),
            ("cell", address),
            ("page", page),
            ("table", table),
            ("row", row),
            ("col", col),
            ("line", line),
        )
        parts = [f"{label}={value}" for label, value in named if value is not None]
        return f"{file}#{','.join(parts)}" if parts else file


class Cell(NamedTuple):
    """One table cell; merged cells appear once with their span (immutable)."""

    text: str
    source: Source
    row_span: int = 1
    col_span: int = 1
    continued: bool = False  # covered by a vertical merge that starts on a row above

    @property
    def is_empty(self) -> bool:
        """True when the cell holds only whitespace."""
        return not self.text or self.text.isspace()


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
        return [c for t in self.tables for row in t.rows for c in row if not c.is_empty]

    def renamed(self, name: str) -> Document:
        """This document with every source's file (and the notes' sources) called ``name``.

        Used when a file inside an input folder is named by its path relative to the folder
        (``a/表.docx``) rather than by its name alone; ``self`` is not changed.
        """
        old = self.path
        if name == old:
            return self

        def moved(source: Source) -> Source:
            return source._replace(file=name) if source.file == old else source

        blocks: list[Paragraph | Table] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                blocks.append(Paragraph(block.text, moved(block.source)))
            else:
                rows = [[c._replace(source=moved(c.source)) for c in row] for row in block.rows]
                blocks.append(Table(block.index, rows))
        notes = [
            {**note, "source": renamed_source(note["source"], old, name)} for note in self.notes
        ]
        return Document(name, blocks, notes)


def renamed_source(source: str, old: str, new: str) -> str:
    """A source text (``file`` or ``file#…``) of file ``old`` as one of file ``new``.

    >>> renamed_source("表.docx#table=1,row=2,col=3", "表.docx", "甲/表.docx")
    '甲/表.docx#table=1,row=2,col=3'
    """
    if source == old or source.startswith(f"{old}#"):
        return new + source[len(old) :]
    return source
