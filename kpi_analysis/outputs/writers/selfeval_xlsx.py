"""Write 项目支出绩效自评表 as an Excel workbook (.xlsx) with openpyxl.

One sheet per form, laid out by :mod:`kpi_analysis.outputs.writers.selfeval_layout`: merged ranges,
thin borders, wrapped text, column widths and row heights sized to the text, print settings
(A4 landscape, one page wide, the indicator header repeated on every page) and the notes in
the rows under the form. Amounts, weights, scores and rates are stored as numbers with a
number format (``0.00`` for scores, ``0.00%`` for rates), so totals can be checked with
Excel formulas; all other cells are text (text that starts with ``=`` stays text).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kpi_analysis.outputs.files import write_atomically
from kpi_analysis.outputs.writers.layout import LABEL, TITLE, VERTICAL, FormCell
from kpi_analysis.outputs.writers.selfeval_layout import (
    AMOUNT,
    COLUMN_WIDTHS_CM,
    N_COLS,
    NUMBER_KINDS,
    RATE,
    SCORE,
    WEIGHT,
    SelfEvalLayout,
    SelfEvalSheet,
    as_form_list,
    selfeval_layout,
)
from kpi_analysis.outputs.writers.xlsx_form import (
    CHARS_PER_CM,
    FONT_NAME,
    FONT_SIZE,
    LINE_HEIGHT_PT,
    line_count,
    print_setup,
    set_text,
    sheet_name,
    write_form_cell,
)

COLUMN_WIDTHS = tuple(round(cm * CHARS_PER_CM, 1) for cm in COLUMN_WIDTHS_CM)
LAST_COLUMN = get_column_letter(N_COLS)
NUMBER_FORMATS = {AMOUNT: "0.00##", WEIGHT: "0.##", SCORE: "0.00", RATE: "0.00%"}
CENTERED = (TITLE, LABEL, VERTICAL, *NUMBER_KINDS)


def write_selfeval_xlsx(forms: SelfEvalSheet | Sequence[SelfEvalSheet], path: str | Path) -> Path:
    """Write one form (or several, a sheet each) to ``path``; returns the path written."""
    layouts = [selfeval_layout(form) for form in as_form_list(forms)]
    workbook = build_selfeval_workbook(layouts)
    return write_atomically(path, lambda temp: workbook.save(temp))


def build_selfeval_workbook(layouts: Sequence[SelfEvalLayout]) -> Workbook:
    """An openpyxl ``Workbook`` with one sheet per form of ``layouts``."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for layout in layouts:
        sheet = workbook.create_sheet(sheet_name(layout, used))
        fill_selfeval_sheet(sheet, layout)
    workbook.properties.title = f"项目支出绩效自评表（{layouts[0].year}年度）"
    return workbook


def fill_selfeval_sheet(sheet: Worksheet, layout: SelfEvalLayout) -> None:
    """Write one form and its notes into ``sheet`` (the form starts in row 1)."""
    for col, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    heights = [LINE_HEIGHT_PT + 6] * len(layout.rows)
    for r, cells in enumerate(layout.rows):
        for form_cell in cells:
            _write_cell(sheet, 1 + r, form_cell)
            width = sum(COLUMN_WIDTHS[form_cell.col : form_cell.col + form_cell.col_span])
            need = line_count(form_cell.text, width) * LINE_HEIGHT_PT + 6
            if form_cell.kind == TITLE:
                need = 24.0 * len(form_cell.text.split("\n")) + 6
            share = need / form_cell.row_span
            for k in range(form_cell.row_span):
                heights[r + k] = max(heights[r + k], share)
    for r, height in enumerate(heights):
        sheet.row_dimensions[1 + r].height = round(height, 1)
    last = len(layout.rows)
    row = last + 2
    total_width = sum(COLUMN_WIDTHS)
    for index, text in enumerate(["说明："] + layout.notes if layout.notes else []):
        cell = sheet.cell(row, 1)
        set_text(cell, text)
        cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=index == 0)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=N_COLS)
        sheet.row_dimensions[row].height = line_count(text, total_width) * LINE_HEIGHT_PT + 4
        row += 1
    print_setup(sheet, 1 + layout.indicator_header_row, row - 1, LAST_COLUMN)


def _write_cell(sheet: Worksheet, row: int, form_cell: FormCell) -> None:
    write_form_cell(
        sheet,
        row,
        form_cell,
        numbers=NUMBER_FORMATS,
        centered=form_cell.kind in CENTERED,
        bordered=form_cell.kind != TITLE,  # the title stands above the grid
    )
