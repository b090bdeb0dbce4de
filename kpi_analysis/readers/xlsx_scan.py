"""One streaming pass over an .xlsx package's worksheet XML: cells, merges and notes.

Each worksheet part is read with :func:`lxml.etree.iterparse` (no entities, no DTD, no
network; elements are discarded as soon as they are seen), once, and gives:

- the stored cells with their values as Excel cached them (what openpyxl gives with
  ``data_only=True``: shared and inline strings, numbers as int/float, dates from date
  formats, booleans, error values), each with its number format, and the merged ranges,
  as a :class:`~kpi_analysis.readers.sheet.Sheet` for the sheet reader;
- the count of stored cells: the workbook is refused once they exceed
  ``ReadLimits.max_cells``, before any more are built;
- the formula cells whose cached value (``<v>``) is missing or empty: a file written by a
  program and never opened in Excel, whose numbers the reader cannot see (read as empty);
- which sheets are hidden (``state="hidden"`` / ``"veryHidden"``) and hold values.

openpyxl itself is not asked to load the workbook: that built every cell and style object
and took several times as long as its own read-only pass.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field

from lxml import etree
from openpyxl.styles.numbers import is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from kpi_analysis.readers.limits import ReadLimits, refused
from kpi_analysis.readers.sheet import Range, Sheet, StoredCell
from kpi_analysis.readers.xlsx_parts import MAIN, WorkbookParts, read_parts, rich_text

C, ROW, F, V, IS = MAIN + "c", MAIN + "row", MAIN + "f", MAIN + "v", MAIN + "is"
MERGE = MAIN + "mergeCell"


@dataclass
class SheetScan:
    """What the pass saw in one worksheet."""

    title: str
    state: str = "visible"
    sheet: Sheet | None = None  # the cells and merged ranges
    cells: int = 0
    has_values: bool = False
    #: (A1 address, formula text) of formula cells without a cached value
    formulas_without_value: list[tuple[str, str]] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        """True for ``hidden`` and ``veryHidden`` sheets."""
        return self.state != "visible"


def scan_workbook(
    archive: zipfile.ZipFile, workbook_part: str, name: str, limits: ReadLimits
) -> list[SheetScan]:
    """Read every worksheet of the package in workbook order (chart sheets are skipped).

    Raises :class:`UnreadableFileError` when the workbook stores more than
    ``limits.max_cells`` cells, or when a part is not well-formed XML.
    """
    parts = read_parts(archive, workbook_part, name)
    scans: list[SheetScan] = []
    total = 0
    for title, state, part in parts.sheets:
        scan = SheetScan(title, state, Sheet(title))
        total = _scan_sheet(archive, part, name, scan, total, limits, parts)
        scans.append(scan)
    return scans


class _Values:
    """Turns a ``<c>`` element into the value Excel cached and its number format."""

    def __init__(self, parts: WorkbookParts) -> None:
        self.shared = parts.shared
        self.formats = parts.formats
        self.epoch = CALENDAR_MAC_1904 if parts.date1904 else CALENDAR_WINDOWS_1900
        self.dates: dict[int, tuple[bool, bool]] = {}  # style → (date format, timedelta)

    def format(self, style: str | None) -> tuple[int, str]:
        try:
            index = int(style) if style else 0
            return index, self.formats[index]
        except (ValueError, IndexError):
            return 0, "General"

    def value(self, el: etree._Element, kind: str, style: str | None) -> tuple[object, str]:
        index, number_format = self.format(style)
        if kind == "inlineStr":
            inline = el.find(IS)
            return (rich_text(inline) if inline is not None else None), number_format
        v = el.find(V)
        text = v.text if v is not None else None
        if text is None:
            return None, number_format
        if kind == "s":
            try:
                return self.shared[int(text)], number_format
            except (ValueError, IndexError):
                return None, number_format
        if kind in ("str", "e"):
            return text, number_format
        if kind == "b":
            return text.strip() in ("1", "true"), number_format
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text.strip().rstrip("Z")), number_format
            except ValueError:
                return text, number_format
        number = _number(text)
        if number is None:
            return text, number_format
        date, delta = self.dates.get(index) or self.dates.setdefault(
            index, (is_date_format(number_format), is_timedelta_format(number_format))
        )
        if date:
            try:
                return from_excel(number, self.epoch, timedelta=delta), number_format
            except (ValueError, OverflowError):
                return number, number_format
        return number, number_format


def _number(text: str) -> int | float | None:
    text = text.strip()
    try:
        if any(ch in text for ch in ".eE") or text.lower() in ("nan", "inf", "-inf"):
            return float(text)
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None


def _scan_sheet(
    archive: zipfile.ZipFile,
    part: str,
    name: str,
    scan: SheetScan,
    total: int,
    limits: ReadLimits,
    parts: WorkbookParts,
) -> int:
    """Stream one worksheet part into ``scan``; return the running cell count."""
    values = _Values(parts)
    sheet = scan.sheet
    assert sheet is not None
    cells = sheet._cells
    row_number = 0
    col_number = 0
    with archive.open(part) as member:
        events = etree.iterparse(
            member,
            events=("start", "end"),
            tag=(C, ROW, MERGE),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
        )
        for event, el in events:  # a DTD beyond the prolog scan is inert here (no entities)
            tag = el.tag
            if event == "start":
                if tag == ROW:
                    given = el.get("r")
                    row_number = int(given) if given and given.isdigit() else row_number + 1
                    col_number = 0
                continue
            if tag == ROW:
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
                continue
            if tag == MERGE:
                ref = el.get("ref") or ""
                if ":" in ref:
                    try:
                        min_col, min_row, max_col, max_row = range_boundaries(ref)
                    except (ValueError, TypeError):
                        continue
                    sheet.merged_cells.ranges.append(Range(min_row, min_col, max_row, max_col))
                continue
            total += 1
            scan.cells += 1
            if total > limits.max_cells:
                raise refused(
                    f"工作簿中的单元格过多（超过 {limits.max_cells} 个）", "max_cells", file=name
                )
            address = el.get("r")
            try:
                letters, row_number = coordinate_from_string(address or "")
                col_number = column_index_from_string(letters)
            except (ValueError, TypeError):  # no or a broken address: the next column
                col_number += 1
            value, number_format = values.value(el, el.get("t") or "n", el.get("s"))
            v = el.find(V)
            has_value = (v is not None and bool(v.text)) or el.find(IS) is not None
            scan.has_values = scan.has_values or has_value
            formula = el.find(F)
            if formula is not None and not has_value:
                scan.formulas_without_value.append((address or "", formula.text or ""))
            if value is not None:
                cells[(row_number, col_number)] = StoredCell(
                    row_number, col_number, value, number_format
                )
    return total
