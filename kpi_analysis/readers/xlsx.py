"""Reader for Excel workbooks (.xlsx / .xlsm): every sheet's forms as tables.

The workbook is read in one streaming pass over its XML (:mod:`~kpi_analysis.readers.xlsx_scan`):
a formula cell gives the value Excel cached when it last saved the file, as openpyxl's
``data_only=True`` would. Every worksheet is read in workbook order,
hidden sheets, rows and columns included (a hidden sheet that is not a form only adds
``table_not_a_form`` findings); table numbers run on across sheets. Chart sheets are
skipped.

**Cell text.** Text keeps its line breaks (``_x000D_`` escapes and CR LF become ``\\n``).
Integers and whole floats are written without ``.0`` (``90``), other floats in the shortest
form that Excel would display (at most 15 significant digits: ``1346.0088``; ``0.1+0.2`` is
``0.3``); a number formatted as a percentage is written as one (``0.95`` → ``95%``); other
number formats (thousands separators, fixed decimals) are ignored so no precision is lost.
Dates become ISO ``2021-01-01`` (``2021-01-01 08:30:00`` with a time); booleans become
``TRUE`` / ``FALSE`` as Excel displays them; error values stay as written (``#N/A``).
A formula without a cached value (a file written by a program, never opened in Excel)
reads as an empty cell and gives a ``formula_without_value`` note, one per sheet listing
the cells and their formulas (found by the same streaming pass). A hidden sheet
that holds values gives a ``hidden_sheet`` note.

**Merged ranges.** The top-left cell carries ``row_span``/``col_span``; cells covered in
the same row are omitted; on the rows below, the first covered cell is an empty cell with
``continued=True`` and the merge's ``col_span`` (the Word reader's convention).

**Blocks.** A sheet's rows are split into tables and paragraphs:

- a run of two or more blank rows ends a table, and so does a row holding only a form
  title (text containing ``绩效目标表`` / ``绩效自评表``), which starts the next table;
- a *text row* (a single non-blank cell, no vertical merge) outside a table is a
  :class:`Paragraph` (the narrative above a form); text rows and single blank rows
  followed by more table rows stay inside the table;
- each sheet is read separately, so one form per sheet and several forms per sheet both
  work.

``Source`` gives the sheet, the A1 address and the Excel row and column numbers.

**Limits** (:class:`~kpi_analysis.readers.limits.ReadLimits`): zip bombs are refused before anything
is decompressed and DTDs before anything is parsed; the stored cells are counted in the
streaming pass and the workbook refused as soon as they pass ``max_cells``; a
table with more than ``max_rows_per_table`` rows or a workbook with more than
``max_tables`` tables is refused; a cell longer than ``max_cell_chars`` is cut there with a
``cell_truncated`` note.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.grid import Cell, Document, Paragraph, Source, Table
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits, bounded_text, refused
from kpi_analysis.readers.package import checked_main_part, checked_path, damaged, unopenable
from kpi_analysis.readers.xlsx_scan import SheetScan, scan_workbook

FORM_TITLES = ("绩效目标表", "绩效自评表")
TITLE_MAX_CHARS = 40
BLANK_ROWS_BETWEEN_TABLES = 2
OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def read_xlsx(
    path: str | Path,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    max_uncompressed: int | None = None,
    max_ratio: float | None = None,
    ratio_min_member: int | None = None,
) -> Document:
    """Read an .xlsx/.xlsm workbook into a :class:`Document`.

    ``limits`` bound the file (see :mod:`kpi_analysis.readers.limits`); the other keyword
    arguments override its zip-bomb limits (as in
    :func:`~kpi_analysis.readers.sniff.check_package`).
    """
    path, limits = checked_path(path, limits, max_uncompressed, max_ratio, ratio_min_member)
    name = path.name
    try:
        with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            part = checked_main_part(archive, name, limits, scan_xml=True)
            if part is not None and part.endswith(".bin"):
                raise UnreadableFileError(
                    "不支持 Excel 二进制工作簿（.xlsb）",
                    file=name,
                    hint="请在 Excel 中另存为 .xlsx 后再读取",
                )
            if part is None or not part.startswith("xl/"):
                raise UnreadableFileError(
                    "文件不是 Excel 工作簿（压缩包中没有 xl/workbook.xml）",
                    file=name,
                    hint="请确认文件是用 Excel/WPS 保存的 .xlsx",
                )
            scans = scan_workbook(archive, part, name, limits)
    except UnreadableFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise damaged(name, ".xlsx", "Excel") from exc
    except OSError as exc:
        raise unopenable(name, exc) from exc
    except Exception as exc:  # a broken part (KeyError, ValueError, XMLSyntaxError…)
        raise UnreadableFileError(
            f"Excel 文件内容无法解析（{type(exc).__name__}）",
            file=name,
            hint="请在 Excel/WPS 中打开并另存为 .xlsx 后再试",
        ) from exc
    doc = Document(path=name)
    for scan in scans:
        _SheetReader(scan.sheet, name, doc, limits).read()
        _note_scan(doc, name, scan)
    return doc


def _note_scan(doc: Document, name: str, scan: SheetScan | None) -> None:
    """Notes for what the streaming pass saw in one sheet and the cells cannot show."""
    if scan is None:
        return
    if scan.hidden and scan.has_values:
        kind = "深度隐藏（veryHidden）" if scan.state == "veryHidden" else "隐藏"
        doc.note(
            Source(file=name, sheet=scan.title),
            "hidden_sheet",
            f"工作表“{scan.title}”是{kind}的工作表，其中有内容，已一并读取",
            severity="warning",
        )
    missing = scan.formulas_without_value
    if missing:
        listed = "；".join(
            f"{address} ={formula}" if formula else address for address, formula in missing
        )
        doc.note(
            Source(file=name, sheet=scan.title),
            "formula_without_value",
            f"工作表“{scan.title}”中有 {len(missing)} 个公式没有保存计算结果（文件未在 Excel 中"
            "打开保存过），按空单元格读取；请在 Excel 中打开并保存后再读取",
            severity="warning",
            text=listed if len(listed) <= 300 else listed[:299] + "…",
        )


def cell_text(value: object, number_format: str = "General") -> str:
    """The text a cell value stands for (see the module docstring for the rules)."""
    if value is None:
        return ""
    if isinstance(value, str):
        if "_x" in value:
            value = OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if "%" in (number_format or "") and not _quoted_percent(number_format):
            return number_text(value * 100) + "%"
        return number_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def number_text(value: float) -> str:
    """``90.0`` → ``90``; ``1346.0088`` → ``1346.0088``; at most 15 significant digits."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")
    if "e" in text:
        text = format(Decimal(text), "f")  # no exponent: 1.5e-07 → 0.00000015
    return text


def _quoted_percent(number_format: str) -> bool:
    """True when every % in the format is a literal inside quotes (e.g. ``0"%"``)."""
    return "%" not in re.sub(r'"[^"]*"|\\.', "", number_format)


@dataclass(frozen=True)
class _Merge:
    min_row: int
    min_col: int
    max_row: int
    max_col: int


class _SheetReader:
    """Splits one worksheet into paragraphs and tables and appends them to ``doc``."""

    def __init__(
        self, sheet, name: str, doc: Document, limits: ReadLimits = DEFAULT_LIMITS
    ) -> None:
        self.sheet = sheet
        self.title = sheet.title
        self.name = name
        self.doc = doc
        self.limits = limits
        self.rows: dict[int, dict[int, str]] = {}  # row → column → text
        self.covered: dict[int, list[_Merge]] = {}  # row → merges covering part of it

    def read(self) -> None:
        self._collect()
        if not self.rows:
            return
        table: list[int] = []
        pending: list[tuple[str, int]] = []  # text/blank rows after the open table
        blanks = 0
        for r in range(min(self.rows), max(self.rows) + 1):
            kind = self._kind(r)
            if kind == "blank":
                blanks += 1
                if table:
                    pending.append(("blank", r))
                    if blanks >= BLANK_ROWS_BETWEEN_TABLES:
                        self._close(table, pending)
                        table, pending = [], []
                continue
            blanks = 0
            if kind == "text":
                if table:
                    pending.append(("text", r))
                else:
                    self._paragraph(r)
            elif kind == "title" and table:
                self._close(table, pending)
                table, pending = [r], []
            else:
                table.extend(row for _, row in pending)
                table.append(r)
                pending = []
        if table:
            self._close(table, pending)

    # -- sheet contents ------------------------------------------------------------------------
    def _collect(self) -> None:
        sheet = self.sheet
        # ``_cells`` holds only the cells stored in the file; iter_rows() would create every
        # cell of the used range, which explodes on sheets formatted down to row 1048576.
        cells = getattr(sheet, "_cells", None)
        cells = (
            cells.values() if cells is not None else (c for row in sheet.iter_rows() for c in row)
        )
        for cell in cells:
            value = cell.value
            if value is None:
                continue
            text = cell_text(value, cell.number_format)
            if text:
                if len(text) > self.limits.max_cell_chars:
                    source = Source(
                        file=self.name,
                        row=cell.row,
                        col=cell.column,
                        sheet=self.title,
                        address=_address(cell.row, cell.column),
                    )
                    text = bounded_text(self.doc, text, source, self.limits.max_cell_chars)
                self.rows.setdefault(cell.row, {})[cell.column] = text
        if not self.rows:
            return
        # a merge reaching past the last row or column with text (a title merged across
        # A:XFD) is clipped there: its covered part holds nothing
        last_row = max(self.rows)
        last_col = max(c for row in self.rows.values() for c in row)
        for rng in sheet.merged_cells.ranges:
            if rng.min_row > last_row or rng.min_col > last_col:
                continue
            merge = _Merge(
                rng.min_row, rng.min_col, min(rng.max_row, last_row), min(rng.max_col, last_col)
            )
            for r in range(merge.min_row, merge.max_row + 1):
                self.covered.setdefault(r, []).append(merge)

    def _row_texts(self, r: int) -> list[tuple[int, str]]:
        return sorted(self.rows.get(r, {}).items())

    def _kind(self, r: int) -> str:
        """``blank``, ``text`` (one cell, candidate paragraph), ``title`` or ``table``."""
        filled = [t for _, t in self._row_texts(r) if t.strip()]
        merges = self.covered.get(r, [])
        if not filled and not merges:
            return "blank"
        if len(filled) == 1:
            text = filled[0].strip()
            if len(text) <= TITLE_MAX_CHARS and any(t in text for t in FORM_TITLES):
                return "title"
            if all(m.min_row == m.max_row for m in merges):
                return "text"
        return "table"

    # -- output --------------------------------------------------------------------------------
    def _paragraph(self, r: int) -> None:
        col, text = next((c, t) for c, t in self._row_texts(r) if t.strip())
        source = Source(file=self.name, row=r, col=col, sheet=self.title, address=_address(r, col))
        self.doc.blocks.append(Paragraph(text=text.strip(), source=source))

    def _close(self, table_rows: list[int], pending: list[tuple[str, int]]) -> None:
        if table_rows:
            self._table(table_rows)
        for kind, r in pending:
            if kind == "text":
                self._paragraph(r)

    def _table(self, rows: list[int]) -> None:
        first, last = rows[0], rows[-1]
        limits = self.limits
        if len(self.doc.tables) >= limits.max_tables:
            raise refused(
                f"工作簿中的表格过多（超过 {limits.max_tables} 个）", "max_tables", file=self.name
            )
        if len(rows) > limits.max_rows_per_table:
            raise refused(
                f"工作表“{self.title}”中的表格行数过多（{len(rows)} 行，上限 "
                f"{limits.max_rows_per_table} 行）",
                "max_rows_per_table",
                file=self.name,
                table=len(self.doc.tables) + 1,
                row=first,
            )
        cols = [c for r in rows for c, _ in self._row_texts(r)]
        cols += [m.min_col for r in rows for m in self.covered.get(r, [])]
        cols += [m.max_col for r in rows for m in self.covered.get(r, [])]
        lo, hi = min(cols), max(cols)
        index = len(self.doc.tables) + 1
        table = Table(index=index)
        for r in rows:
            texts = self.rows.get(r, {})
            row: list[Cell] = []
            c = lo
            while c <= hi:
                source = Source(
                    file=self.name,
                    table=index,
                    row=r,
                    col=c,
                    sheet=self.title,
                    address=_address(r, c),
                )
                merge = self._inside(r, c)
                if merge is None:
                    row.append(Cell(text=texts.get(c, ""), source=source))
                    c += 1
                    continue
                span = merge.max_col - max(merge.min_col, lo) + 1
                if merge.min_row == r and merge.min_col == c:
                    row_span = min(merge.max_row, last) - r + 1
                    text = texts.get(c, "")
                    row.append(Cell(text=text, source=source, row_span=row_span, col_span=span))
                elif merge.min_row < r and r > first:
                    row.append(Cell(text="", source=source, col_span=span, continued=True))
                else:
                    # a merge that starts above this table or left of it: its visible part
                    row.append(Cell(text=texts.get(c, ""), source=source, col_span=span))
                c = merge.max_col + 1
            table.rows.append(row)
        self.doc.blocks.append(table)

    def _inside(self, r: int, c: int) -> _Merge | None:
        for merge in self.covered.get(r, []):
            if merge.min_col <= c <= merge.max_col:
                return merge
        return None


def _address(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"
