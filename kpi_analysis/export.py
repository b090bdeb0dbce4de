"""Write tidy tables to CSV (UTF-8 with BOM), Parquet and a formatted Excel workbook.

Everything is written into a temporary folder first and moved into place at the end, so
a failed run never leaves half-written files in the output folder. Text that Excel would
run as a formula (starting with = + - @, tab or CR) is written as text.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kpi_analysis.display import SHEET_LABELS, for_display

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def defuse_text(value: object) -> object:
    """Prefix text that a spreadsheet would treat as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def defuse_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text columns are safe to open in a spreadsheet program."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, pd.StringDtype):
            out[column] = out[column].map(defuse_text, na_action="ignore")
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV in UTF-8 with BOM (Excel opens it with the right encoding)."""
    defuse_frame(frame).to_csv(path, index=False, encoding="utf-8-sig")


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Parquet with the tidy dtypes."""
    frame.to_parquet(path, index=False)


def write_workbook(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    """One sheet per table, Chinese headers, frozen header row, widths and borders."""
    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        sheet = book.create_sheet(SHEET_LABELS.get(name, name))
        shown = for_display(frame)
        sheet.append(list(shown.columns))
        for row in shown.itertuples(index=False):
            sheet.append([None if pd.isna(v) else v for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # text that looks like a formula stays text
                    cell.data_type = "s"
                cell.border = BORDER
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for idx, column in enumerate(shown.columns, start=1):
            texts = [str(column)] + [str(v) for v in shown.iloc[:200, idx - 1].tolist()]
            width = min(max(len(t) for t in texts) * 1.8 + 2, 60)
            sheet.column_dimensions[get_column_letter(idx)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.print_title_rows = "1:1"
    book.save(path)


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path, workbook: str) -> list[Path]:
    """Write every table as CSV and Parquet plus one workbook; all or nothing."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kpi-tmp-", dir=out_dir))
    try:
        names = []
        for name, frame in tables.items():
            write_csv(frame, staging / f"{name}.csv")
            write_parquet(frame, staging / f"{name}.parquet")
            names += [f"{name}.csv", f"{name}.parquet"]
        write_workbook(tables, staging / workbook)
        names.append(workbook)
        written = []
        for name in names:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
