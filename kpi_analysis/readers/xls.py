"""Reader for old Excel workbooks (.xls, BIFF 2–8; also WPS .et saved in that format).

The workbook is opened with xlrd (``formatting_info=True``, which gives the merged ranges
and number formats) and each sheet handed to the .xlsx reader's sheet logic
(:class:`~kpi_analysis.readers.xlsx._SheetReader`) through a small adapter, so an .xls gives
exactly the grid, blocks, merges and sources the same workbook gives as .xlsx. Values follow
:func:`~kpi_analysis.readers.xlsx.cell_text`: dates become ISO dates, booleans
``TRUE``/``FALSE``, error cells their Excel text (``#N/A``), percent formats ``95%``.

A hidden sheet that holds values gives a ``hidden_sheet`` note, as for .xlsx. A
password-protected .xls (“encrypted”) is refused with a clear message; so are damaged
files. **Limits**: the cells of all sheets are counted before any cell is converted
(``max_cells``); the sheet reader applies the table and row limits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.grid import Document
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits, refused
from kpi_analysis.readers.sheet import Merged, Range, Sheet, StoredCell
from kpi_analysis.readers.sniff import read_file_bytes
from kpi_analysis.readers.xlsx import _note_scan, _SheetReader
from kpi_analysis.readers.xlsx_scan import SheetScan

ENCRYPTED_MESSAGE = "Excel 文件已加密（设置了打开密码），请先在 Excel/WPS 中去除密码后另存"


class XlsEncryptedError(UnreadableFileError):
    """A password-protected .xls."""


def read_xls(path: str | Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read an .xls workbook into a :class:`Document`; raise UnreadableFileError."""
    import xlrd

    path = Path(path)
    name = path.name
    data = read_file_bytes(path, limits)
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=_Silent()
        )
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise XlsEncryptedError(
                ENCRYPTED_MESSAGE,
                file=name,
                hint="在 Excel 中：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码后保存",
            ) from exc
        raise _damaged(name, exc) from exc
    except Exception as exc:  # xlrd raises struct.error, IndexError, AssertionError… on damage
        raise _damaged(name, exc) from exc
    doc = Document(path=name)
    try:
        sheets = []
        total = 0
        for index in range(book.nsheets):
            sheet = book.get_sheet(index)
            total += sum(sheet.row_len(r) for r in range(sheet.nrows))
            if total > limits.max_cells:
                raise refused(
                    f"工作簿中的单元格过多（超过 {limits.max_cells} 个）", "max_cells", file=name
                )
            sheets.append(sheet)
        for sheet in sheets:
            adapted = _adapt(book, sheet)
            _SheetReader(adapted, name, doc, limits).read()
            state = {1: "hidden", 2: "veryHidden"}.get(sheet.visibility, "visible")
            scan = SheetScan(sheet.name, state, has_values=bool(adapted._cells))
            _note_scan(doc, name, scan)
    except UnreadableFileError:
        raise
    except Exception as exc:
        raise _damaged(name, exc) from exc
    finally:
        book.release_resources()
    return doc


def _damaged(name: str, exc: Exception) -> UnreadableFileError:
    return UnreadableFileError(
        f"旧版 Excel 文件（.xls）已损坏或无法解析（{type(exc).__name__}）",
        file=name,
        hint="请在 Excel/WPS 中打开并另存为 .xlsx 后再试",
    )


class _Silent:
    """xlrd's log file: its warnings are not the user's business."""

    def write(self, text: str) -> int:
        return len(text)


def _adapt(book, sheet) -> Sheet:
    """An xlrd sheet in the shape of an openpyxl worksheet (1-based rows and columns)."""
    import xlrd

    cells: dict[tuple[int, int], StoredCell] = {}
    for r in range(sheet.nrows):
        types = sheet.row_types(r)
        values = sheet.row_values(r)
        for c, (kind, value) in enumerate(zip(types, values, strict=True)):
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            number_format = "General"
            if kind == xlrd.XL_CELL_NUMBER:
                number_format = _number_format(book, sheet, r, c)
            elif kind == xlrd.XL_CELL_DATE:
                value = _date(value, book.datemode)
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            elif kind == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_by_code.get(value, "#VALUE!")
            cells[(r + 1, c + 1)] = StoredCell(r + 1, c + 1, value, number_format)
    merges = [
        Range(rlo + 1, clo + 1, rhi, chi)
        for rlo, rhi, clo, chi in sheet.merged_cells
        if rhi > rlo and chi > clo
    ]
    return Sheet(sheet.name, cells, Merged(merges))


def _number_format(book, sheet, r: int, c: int) -> str:
    try:
        xf = book.xf_list[sheet.cell_xf_index(r, c)]
        return book.format_map[xf.format_key].format_str or "General"
    except (IndexError, KeyError, AttributeError):
        return "General"


def _date(value: float, datemode: int) -> object:
    import xlrd

    try:
        moment = xlrd.xldate.xldate_as_datetime(value, datemode)
    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
        return value
    if value < 1 and moment.date() == dt.date(1899, 12, 31):
        return moment.time()
    return moment
