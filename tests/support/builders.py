"""Build Word and Excel forms directly with python-docx / openpyxl for the reader tests.

Word tables are written as raw WordprocessingML so that a test controls exactly which
``w:tc`` elements exist and how they are merged (gridSpan, vMerge, gridBefore/After,
nested tables, content controls, tracked changes) — the quirks real forms have.

``docx_from_document`` and ``xlsx_from_document`` rebuild a :class:`Document` read from
the text export as a Word file or an Excel workbook: one ``w:tc`` / one worksheet cell per
text cell, optionally with real merges for the label columns.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from openpyxl import Workbook

from kpi_analysis.readers.grid import Document, Paragraph, Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'

#: Label columns of the source document's form, by number of cells in the row: the
#: section labels (项目资金 / 总体目标 / 绩效指标) in column 1, 一级指标 in column 2 and
#: 二级指标 in columns 3 and 7 of the indicator block. An empty cell below a label there
#: is what a vertical merge looks like in the text export.
SOURCE_LABEL_COLUMNS: dict[int, set[int]] = {10: {0, 1, 2, 6}, 5: {0}, 3: {0}}


# --------------------------------------------------------------------------- Word XML
@dataclass
class Tc:
    """One ``w:tc``: text (lines → paragraphs), gridSpan, vMerge, nested table rows."""

    text: str = ""
    span: int = 1
    vmerge: str | None = None  # "restart", "continue" or None
    nested: list[Tr] | None = None
    raw: str | None = None  # raw inner XML replacing the text paragraphs


@dataclass
class Tr:
    """One ``w:tr`` with optional gridBefore / gridAfter."""

    cells: list[Tc | str] = field(default_factory=list)
    before: int = 0
    after: int = 0


def run_xml(text: str) -> str:
    """Runs for one paragraph: TAB → ``w:tab``, line feed → ``w:br``."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:r><w:br/></w:r>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:r><w:tab/></w:r>")
            if piece:
                out.append(f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return "".join(out)


def p_xml(text: str) -> str:
    """One ``w:p``."""
    return f"<w:p>{run_xml(text)}</w:p>"


def tc_xml(cell: Tc | str) -> str:
    """One ``w:tc``; each line of the text becomes its own paragraph."""
    if isinstance(cell, str):
        cell = Tc(cell)
    props = ['<w:tcW w:w="1200" w:type="dxa"/>']
    if cell.span > 1:
        props.append(f'<w:gridSpan w:val="{cell.span}"/>')
    if cell.vmerge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif cell.vmerge == "continue":
        props.append("<w:vMerge/>")
    if cell.raw is not None:
        content = cell.raw
    else:
        content = "".join(p_xml(line) for line in cell.text.split("\n"))
    if cell.nested is not None:
        content += tbl_xml(cell.nested) + "<w:p/>"
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{content}</w:tc>"


def tbl_xml(rows: Sequence[Tr | Sequence[Tc | str]]) -> str:
    """A ``w:tbl`` whose grid is as wide as its widest row."""
    rows = [r if isinstance(r, Tr) else Tr(list(r)) for r in rows]
    width = max(
        (r.before + r.after + sum(c.span if isinstance(c, Tc) else 1 for c in r.cells))
        for r in rows
    )
    grid = "".join('<w:gridCol w:w="1200"/>' for _ in range(width))
    body = []
    for row in rows:
        pr = ""
        if row.before or row.after:
            parts = []
            if row.before:
                parts.append(f'<w:gridBefore w:val="{row.before}"/>')
            if row.after:
                parts.append(f'<w:gridAfter w:val="{row.after}"/>')
            pr = f"<w:trPr>{''.join(parts)}</w:trPr>"
        body.append(f"<w:tr>{pr}{''.join(tc_xml(c) for c in row.cells)}</w:tr>")
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>"
    )


def with_ns(xml: str) -> str:
    """Declare the ``w:`` namespace on the outermost element of ``xml``."""
    head, rest = xml.split(">", 1)
    if head.endswith("/"):
        return f"{head[:-1]} {NSDECL}/>{rest}"
    return f"{head} {NSDECL}>{rest}"


class WordBuilder:
    """Append raw paragraphs and tables to a python-docx document, then save it."""

    def __init__(self) -> None:
        self.document = docx.Document()
        self.body = self.document.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))

    def xml(self, xml: str) -> WordBuilder:
        """Append one body-level element given as XML with ``w:`` prefixes."""
        self.sect_pr.addprevious(parse_xml(with_ns(xml)))
        return self

    def paragraph(self, text: str) -> WordBuilder:
        """Append a paragraph."""
        return self.xml(p_xml(text))

    def table(self, rows: Sequence[Tr | Sequence[Tc | str]]) -> WordBuilder:
        """Append a table."""
        return self.xml(tbl_xml(rows))

    def save(self, path: Path) -> Path:
        """Write the .docx file."""
        self.document.save(str(path))
        return path


def _label_merges(
    rows: list[list[str]], label_columns: dict[int, set[int]]
) -> list[list[str | None]]:
    """Per cell: "restart", "continue" or None, for label columns of equal-length rows."""
    marks: list[list[str | None]] = [[None] * len(r) for r in rows]
    for r in range(1, len(rows)):
        row, above = rows[r], rows[r - 1]
        if len(row) != len(above):
            continue
        for i in label_columns.get(len(row), ()):
            if row[i].strip() or not (above[i].strip() or marks[r - 1][i] == "continue"):
                continue
            marks[r][i] = "continue"
            if marks[r - 1][i] is None:
                marks[r - 1][i] = "restart"
    return marks


def _table_texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def docx_from_document(
    doc: Document,
    path: Path,
    *,
    merge_labels: bool = False,
    label_columns: dict[int, set[int]] | None = None,
) -> Path:
    """Write ``doc`` as a .docx: paragraphs as paragraphs, one ``w:tc`` per cell.

    With ``merge_labels`` the label columns are merged vertically (vMerge) where the text
    shows an empty cell below a label, and each row's last cell spans the rest of the grid
    (gridSpan), as in a real Word form.
    """
    label_columns = SOURCE_LABEL_COLUMNS if label_columns is None else label_columns
    builder = WordBuilder()
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            builder.paragraph(block.text)
            continue
        texts = _table_texts(block)
        if not merge_labels:
            builder.table(texts)
            continue
        width = max(len(r) for r in texts)
        marks = _label_merges(texts, label_columns)
        rows = []
        for row, row_marks in zip(texts, marks, strict=True):
            cells = [
                Tc("" if mark == "continue" else text, vmerge=mark)
                for text, mark in zip(row, row_marks, strict=True)
            ]
            cells[-1].span = width - len(row) + 1
            rows.append(Tr(cells))
        builder.table(rows)
    return builder.save(path)


# --------------------------------------------------------------------------- Excel
def xlsx_from_document(
    doc: Document,
    path: Path,
    *,
    merge_labels: bool = False,
    sheet_per_table: bool = False,
    label_columns: dict[int, set[int]] | None = None,
) -> Path:
    """Write ``doc`` as an .xlsx: a paragraph is a row with one cell in column A, each table
    row a worksheet row; two blank rows separate a table from what follows.

    With ``merge_labels`` the label columns are merged vertically and each row's last cell
    is merged across to the table's width. With ``sheet_per_table`` every table starts a
    new worksheet (with the paragraphs that precede it).
    """
    label_columns = SOURCE_LABEL_COLUMNS if label_columns is None else label_columns
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "表1"
    r = 1
    after_table = False
    for block in doc.blocks:
        if sheet_per_table and after_table:
            sheet = workbook.create_sheet(f"表{len(workbook.worksheets) + 1}")
            r = 1
        after_table = isinstance(block, Table)
        if isinstance(block, Paragraph):
            sheet.cell(row=r, column=1, value=block.text)
            r += 1
            continue
        texts = _table_texts(block)
        width = max(len(row) for row in texts)
        marks = _label_merges(texts, label_columns) if merge_labels else None
        start = r
        for i, row in enumerate(texts):
            for j, text in enumerate(row):
                if marks and marks[i][j] == "continue":
                    continue
                if text:
                    sheet.cell(row=r, column=j + 1, value=text)
            if merge_labels and len(row) < width:
                sheet.merge_cells(start_row=r, start_column=len(row), end_row=r, end_column=width)
            r += 1
        if marks:
            for i, row_marks in enumerate(marks):
                for j, mark in enumerate(row_marks):
                    if mark == "restart":
                        end = i + 1
                        while end < len(marks) and marks[end][j] == "continue":
                            end += 1
                        sheet.merge_cells(
                            start_row=start + i,
                            start_column=j + 1,
                            end_row=start + end - 1,
                            end_column=j + 1,
                        )
        r += 2  # two blank rows end the table
    workbook.save(path)
    return path


def write_xlsx(sheets: dict[str, Iterable[Sequence[object]]], path: Path, merges=()) -> Path:
    """A workbook from rows of values per sheet; ``merges`` are (sheet, "A1:B2") pairs."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    for title, ref in merges:
        workbook[title].merge_cells(ref)
    workbook.save(path)
    return path


def rewrite_zip_member(path: Path, member: str, data: bytes, out: Path) -> Path:
    """Copy the package at ``path`` to ``out`` with ``member`` replaced by ``data``."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == member else src.read(info))
    return out
