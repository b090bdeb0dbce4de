"""Reader for Word documents exported to plain text (the source document's format).

The export writes each table cell on a line that starts with a TAB; a line without a
TAB continues the cell above; a blank line ends a table row. Any other line outside a
row is running text. Export artefacts such as ``[bookmark: _GoBack]`` are removed.
"""

from __future__ import annotations

import re
from pathlib import Path

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.grid import Cell, Document, Paragraph, Source, Table

EXPORT_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")
ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), falling back to GB18030."""
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


def read_text(path: str | Path) -> Document:
    """Read a text export into a :class:`Document` of paragraphs and tables."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(f"无法打开文件：{exc.strerror or exc}", file=path.name) from exc
    return parse_text(decode_text(data, path.name), path.name)


def parse_text(text: str, name: str) -> Document:
    """Parse the text of an export; ``name`` is used in every :class:`Source`."""
    doc = Document(path=name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    builder = _TableBuilder(doc, name)
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
            doc.blocks.append(Paragraph(text=line.strip(), source=Source(file=name, line=number)))
    builder.end_table()
    return doc


class _TableBuilder:
    """Accumulates cells into rows and rows into tables while lines are read."""

    def __init__(self, doc: Document, name: str) -> None:
        self.doc = doc
        self.name = name
        self.table: Table | None = None
        self.row: list[tuple[list[str], int]] | None = None

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
        if self.table is None:
            self.table = Table(index=len(self.doc.tables) + 1)
            self.doc.blocks.append(self.table)
        row_no = len(self.table.rows) + 1
        cells = [
            Cell(
                text="\n".join(parts),
                source=Source(
                    file=self.name, table=self.table.index, row=row_no, col=col, line=line
                ),
            )
            for col, (parts, line) in enumerate(self.row, start=1)
        ]
        self.table.rows.append(cells)
        self.row = None

    def end_table(self) -> None:
        self.end_row()
        self.table = None
