"""Reader for Word documents exported to plain text (the source document's format).

The export writes each table cell on a line that starts with a TAB; a line without a
TAB continues the cell above; a blank line ends a table row. Any other line outside a
row is running text. Export artefacts such as ``[bookmark: _GoBack]`` are removed.

The bytes are decoded as UTF-8 (with or without BOM), UTF-16 with a BOM (Word's “Unicode”
text export) or GB18030 (GBK); line endings may be CR LF, CR or LF, mixed in one file.
Bytes with NUL characters (other than UTF-16) are refused. Limits
(:class:`~kpi_analysis.readers.limits.ReadLimits`): files larger than ``max_file_bytes`` or with
more
than ``max_text_lines`` lines, more than ``max_tables`` tables, ``max_rows_per_table`` rows
in a table or ``max_cells`` cells are refused; a cell or paragraph longer than
``max_cell_chars`` is cut there with a ``cell_truncated`` note.
"""

from __future__ import annotations

import re
from pathlib import Path

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.grid import Cell, Document, Paragraph, Source, Table
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits, bounded_text, refused
from kpi_analysis.readers.sniff import check_count, read_file_bytes

EXPORT_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")
ENCODINGS = ("utf-8-sig", "gb18030")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM) or UTF-16 with a BOM, else GB18030."""
    if data.startswith(UTF16_BOMS) and len(data) % 2 == 0:
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" not in text:
            return text
    if b"\x00" in data:
        raise UnreadableFileError(
            "文件含有空字节（NUL），不是文本导出文件",
            file=name,
            hint="请确认文件格式；Word 文件请以 .docx 提供",
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError("无法识别文本编码（既非 UTF-8 也非 GB18030）", file=name)


def read_text(path: str | Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read a text export into a :class:`Document` of paragraphs and tables."""
    path = Path(path)
    data = read_file_bytes(path, limits)
    return parse_text(decode_text(data, path.name), path.name, limits)


def parse_text(text: str, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Parse the text of an export; ``name`` is used in every :class:`Source`."""
    doc = Document(path=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    count = text.count("\n") + 1
    check_count(count, limits, "max_text_lines", "文本文件行数过多", "行", file=name)
    lines = text.split("\n")
    builder = _TableBuilder(doc, name, limits)
    for number, raw in enumerate(lines, start=1):
        line = EXPORT_ARTEFACT.sub("", raw)
        if raw != line and not line.strip() and not raw.startswith("\t"):
            continue  # a line that held only an export artefact
        if line.startswith("\t"):
            builder.start_cell(line[1:], number)
        elif not line.strip():
            builder.end_row()
        elif builder.in_row:
            builder.continue_cell(line)
        else:
            builder.end_table()
            source = Source(file=name, line=number)
            text = bounded_text(doc, line.strip(), source, limits.max_cell_chars)
            doc.blocks.append(Paragraph(text=text, source=source))
    builder.end_table()
    return doc


class _TableBuilder:
    """Accumulates cells into rows and rows into tables while lines are read."""

    def __init__(self, doc: Document, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        self.doc = doc
        self.name = name
        self.limits = limits
        self.table: Table | None = None
        self.row: list[tuple[list[str], int]] | None = None
        self.tables = 0
        self.cells = 0

    @property
    def in_row(self) -> bool:
        return self.row is not None

    def start_cell(self, text: str, line: int) -> None:
        if self.row is None:
            self.row = []
        self.row.append(([text], line))

    def continue_cell(self, text: str) -> None:
        assert self.row is not None
        self.row[-1][0].append(text)

    def end_row(self) -> None:
        if self.row is None:
            return
        limits = self.limits
        if self.table is None:
            self.tables += 1
            if self.tables > limits.max_tables:
                self._refuse(f"表格过多（超过 {limits.max_tables} 个）", "max_tables")
            self.table = Table(index=self.tables)
            self.doc.blocks.append(self.table)
        row_no = len(self.table.rows) + 1
        if row_no > limits.max_rows_per_table:
            self._refuse(
                f"表{self.table.index}行数过多（超过 {limits.max_rows_per_table} 行）",
                "max_rows_per_table",
            )
        self.cells += len(self.row)
        if self.cells > limits.max_cells:
            self._refuse(f"单元格过多（超过 {limits.max_cells} 个）", "max_cells")
        cells = []
        for col, (parts, line) in enumerate(self.row, start=1):
            source = Source(file=self.name, table=self.table.index, row=row_no, col=col, line=line)
            text = "\n".join(parts)
            if len(text) > limits.max_cell_chars:
                text = bounded_text(self.doc, text, source, limits.max_cell_chars)
            cells.append(Cell(text=text, source=source))
        self.table.rows.append(cells)
        self.row = None

    def _refuse(self, what: str, field: str) -> None:
        raise refused(f"文本文件中的{what}", field, file=self.name)

    def end_table(self) -> None:
        self.end_row()
        self.table = None
