"""Write 项目支出绩效目标表 as an Excel workbook (.xlsx) with openpyxl.

One sheet per project: the narrative paragraphs in the rows above the form, then the form
with merged ranges, thin borders, wrapped text, column widths and row heights sized to the
text, and print settings (A4 landscape, fit to one page wide, the indicator header row
repeated on every printed page). Amounts are stored as numbers, everything else as text
(text that starts with ``=`` stays text, never a formula).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kpi_analysis.outputs.files import write_atomically
from kpi_analysis.outputs.safe_text import excel_safe
from kpi_analysis.outputs.writers.layout import (
    AMOUNT,
    COLUMN_WIDTHS_CM,
    LABEL,
    N_COLS,
    SUBTITLE,
    TITLE,
    VERTICAL,
    FormCell,
    FormLayout,
    project_layouts,
)

FONT_NAME = "宋体"
FONT_SIZE = 10.5
LINE_HEIGHT_PT = 14.0
CHARS_PER_CM = 5.0  # Excel column width units (digit widths) per centimetre
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\s]")
SHEET_NAME_MAX = 31
COLUMN_WIDTHS = tuple(round(cm * CHARS_PER_CM, 1) for cm in COLUMN_WIDTHS_CM)
LAST_COLUMN = get_column_letter(N_COLS)


def write_target_forms_xlsx(data: object, path: str | Path, *, title: str | None = None) -> Path:
    """Write every project of ``data`` (a Dataset or mapping of tidy frames) to ``path``.

    ``title`` is an optional heading row at the top of the first sheet. Returns the path.
    """
    layouts = project_layouts(data)
    workbook = build_workbook(layouts, title=title)
    return write_atomically(path, lambda temp: workbook.save(temp))


def build_workbook(layouts: list[FormLayout], *, title: str | None = None) -> Workbook:
    """An openpyxl ``Workbook`` with one sheet per form of ``layouts``."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for number, layout in enumerate(layouts):
        sheet = workbook.create_sheet(sheet_name(layout, used))
        fill_sheet(sheet, layout, title=title if number == 0 else None)
    return workbook


def sheet_name(layout: FormLayout, used: set[str]) -> str:
    """``1.项目名`` cut to Excel's 31 characters, without forbidden characters, unique."""
    base = SHEET_NAME_FORBIDDEN.sub("", f"{layout.project_no}.{layout.project}").strip("'")
    base = base[:SHEET_NAME_MAX] or str(layout.project_no)
    name, counter = base, 2
    while name.lower() in used:
        suffix = f"({counter})"
        name, counter = base[: SHEET_NAME_MAX - len(suffix)] + suffix, counter + 1
    used.add(name.lower())
    return name


def display_width(text: str) -> int:
    """Width in Excel column units: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` units wide."""
    usable = max(width - 1.0, 1.0)
    return max(1, sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n")))


def set_text(cell, text: str) -> None:
    """Store ``text`` as text (empty → no value); text starting with ``=`` is not a formula."""
    cell.value = excel_safe(text) or None
    if cell.data_type == "f":  # "=…" is form text, never a formula
        cell.data_type = "s"


def fill_sheet(sheet: Worksheet, layout: FormLayout, *, title: str | None = None) -> None:
    """Write one project's narrative and form into ``sheet``."""
    for col, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    total_width = sum(COLUMN_WIDTHS)
    row = 1
    texts = ([title] if title else []) + layout.paragraphs
    for index, text in enumerate(texts):
        cell = sheet.cell(row, 1)
        set_text(cell, text)
        is_heading = index == 0 or (title and index == 1)
        cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=bool(is_heading))
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=N_COLS)
        lines = line_count(text, total_width)
        sheet.row_dimensions[row].height = lines * LINE_HEIGHT_PT + 4
        row += 1
    first = row
    heights = [LINE_HEIGHT_PT + 6] * len(layout.rows)
    for r, cells in enumerate(layout.rows):
        for form_cell in cells:
            _write_form_cell(sheet, first + r, form_cell)
            width = sum(COLUMN_WIDTHS[form_cell.col : form_cell.col + form_cell.col_span])
            need = line_count(form_cell.text, width) * LINE_HEIGHT_PT + 6
            if form_cell.kind == TITLE:
                need = 30.0
            share = need / form_cell.row_span
            for k in range(form_cell.row_span):
                heights[r + k] = max(heights[r + k], share)
    for r, height in enumerate(heights):
        sheet.row_dimensions[first + r].height = round(height, 1)
    last = first + len(layout.rows) - 1
    print_setup(sheet, first + layout.indicator_header_row, last, LAST_COLUMN)


def _write_form_cell(sheet: Worksheet, row: int, form_cell: FormCell) -> None:
    write_form_cell(
        sheet,
        row,
        form_cell,
        numbers={AMOUNT: None},
        centered=form_cell.kind in (TITLE, SUBTITLE, LABEL, VERTICAL, AMOUNT),
        bordered=form_cell.kind not in (TITLE, SUBTITLE),  # the title stands above the grid
    )


def write_form_cell(
    sheet: Worksheet,
    row: int,
    form_cell: FormCell,
    *,
    numbers: Mapping[str, str | None],
    centered: bool,
    bordered: bool,
) -> None:
    """Write ``form_cell`` in ``row``: value, font, alignment, border and merged range.

    Kinds in ``numbers`` with a number are stored as that number (with the number format
    given, if any); everything else as text.
    """
    col = form_cell.col + 1
    cell = sheet.cell(row, col)
    if form_cell.kind in numbers and form_cell.number is not None:
        cell.value = form_cell.number
        if numbers[form_cell.kind] is not None:
            cell.number_format = numbers[form_cell.kind]
    else:
        set_text(cell, form_cell.text)
    bold = form_cell.kind in (TITLE, LABEL, VERTICAL)
    size = 16 if form_cell.kind == TITLE else FONT_SIZE
    cell.font = Font(name=FONT_NAME, size=size, bold=bold)
    cell.alignment = Alignment(
        horizontal="center" if centered else "left", vertical="center", wrap_text=True
    )
    if bordered:
        cell.border = BORDER
    end_row, end_col = row + form_cell.row_span - 1, col + form_cell.col_span - 1
    if end_row > row or end_col > col:
        # openpyxl copies the corner's border onto the edge cells of the merged range
        sheet.merge_cells(start_row=row, start_column=col, end_row=end_row, end_column=end_col)


def print_setup(sheet: Worksheet, header_row: int, last_row: int, last_column: str) -> None:
    """A4 landscape, one page wide, ``header_row`` repeated, print area up to ``last_column``."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_area = f"A1:{last_column}{last_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.sheet_view.showGridLines = False
