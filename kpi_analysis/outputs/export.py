"""Write tidy tables to CSV (UTF-8 with BOM), Parquet and a formatted Excel workbook.

Everything is written into a temporary folder first and moved into place at the end
(:mod:`kpi_analysis.outputs.files`), so a failed or interrupted run never leaves
half-written files, nor a mix of old and new files, in the output folder. Text that Excel would
run as a formula (starting with = + - @, tab or CR) is written as text: in CSV with a
leading apostrophe, in .xlsx as a text cell (type ``s``), so Excel shows it and never
runs it.

**Numbers in the workbook** keep their stored value (nothing is rounded in the file); a
number format makes Excel *show* them rounded half up, once (:mod:`kpi_analysis.text.numbers`).
Which columns get one is decided by the column's **declared display kind**, never by its name:
the kind comes from the table's schema (:class:`kpi_analysis.tables.schema.TableSchema`,
found by the sheet's table name or given as ``schemas``), and for derived tables without a
schema from :data:`kpi_analysis.outputs.labels.DERIVED_KINDS`
(:func:`kpi_analysis.outputs.labels.column_kinds`). Formats apply to float values only
(integers such as counts are left alone):

- ``amount_wan`` (money in 万元): ``#,##0.00``;
- ``score`` (scores, weights, totals): ``0.00``;
- ``rate`` (fractions): ``0.00%``.

CSV and Parquet files are data, not display: they keep full precision.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kpi_analysis.outputs.files import publish, staging_folder
from kpi_analysis.outputs.labels import (
    SHEET_LABELS,
    TABLE_SCHEMAS,
    Subject,
    column_kinds,
    for_display,
)
from kpi_analysis.outputs.safe_text import excel_safe, frame_encodable
from kpi_analysis.tables.schema import AMOUNT_WAN, RATE, SCORE, TableSchema
from kpi_analysis.text.numbers import format_number, format_percent, format_wan

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
AMOUNT_FORMAT = "#,##0.00"
SCORE_FORMAT = "0.00"
RATE_FORMAT = "0.00%"
SHOWN = {
    AMOUNT_FORMAT: format_wan,
    SCORE_FORMAT: format_number,
    RATE_FORMAT: format_percent,
}
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
        dtype = out[column].dtype
        if isinstance(dtype, pd.CategoricalDtype):  # 一级/二级指标: their names as text
            out[column] = out[column].astype(object).map(defuse_text, na_action="ignore")
        elif out[column].dtype == object or isinstance(dtype, pd.StringDtype):
            out[column] = out[column].map(defuse_text, na_action="ignore")
    return out


#: The number format of each display kind that has one.
KIND_FORMATS = {AMOUNT_WAN: AMOUNT_FORMAT, SCORE: SCORE_FORMAT, RATE: RATE_FORMAT}


def number_format(kind: str | None) -> str | None:
    """The Excel number format of a display kind (None: shown as it is).

    >>> number_format("amount_wan"), number_format("score"), number_format("rate")
    ('#,##0.00', '0.00', '0.00%')
    >>> number_format("count"), number_format("text"), number_format(None)
    (None, None, None)
    """
    return KIND_FORMATS.get(kind) if kind is not None else None


def _is_float(value: object) -> bool:
    return isinstance(value, float) and not isinstance(value, bool)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV in UTF-8 with BOM (Excel opens it with the right encoding).

    Rows end with CR LF (RFC 4180), so that a field holding a CR or LF is quoted: with the
    default LF ending, Python's csv module would leave a bare CR unquoted and a spreadsheet
    would break the row there.
    """
    defuse_frame(frame_encodable(frame)).to_csv(
        path, index=False, encoding="utf-8-sig", lineterminator="\r\n"
    )


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Parquet with the tidy dtypes (ordered categoricals keep their categories and order)."""
    frame_encodable(frame).to_parquet(path, index=False)


#: Columns printed first and frozen (tidy names and their Chinese headers), in this order.
LEAD_COLUMNS = (
    "project_no", "项目序号", "project", "项目名称", "year", "年度", "level1", "一级指标",
    "level2", "二级指标", "indicator_no", "指标序号", "indicator", "三级指标",
    "indicator_mid", "indicator_annual", "indicator_from", "indicator_to",
)  # fmt: skip
#: Most columns frozen on the left (wide project names would hide the rest otherwise).
MAX_FROZEN = 4
STATUS_COLUMNS = ("status", "状态")
COLOUR_COLUMNS = ("colour", "颜色")


def _is_source(column: object, header: object) -> bool:
    """A column that cites where a value came from (printed last)."""
    return str(column).startswith("source") or any(
        word in str(header) for word in ("来源单元格", "单元格", "原文件位置", "新文件位置")
    )


def print_order(frame: pd.DataFrame, headers: list[str]) -> list[int]:
    """Column positions for printing: project and indicator columns first (in
    :data:`LEAD_COLUMNS` order), the source columns last, the rest as they come."""
    names = [str(c) for c in frame.columns]

    def lead(i: int) -> int | None:
        for key in (names[i], headers[i]):
            if key in LEAD_COLUMNS:
                return LEAD_COLUMNS.index(key)
        return None

    first = sorted((i for i in range(len(names)) if lead(i) is not None), key=lambda i: lead(i))
    last = [i for i in range(len(names)) if i not in first and _is_source(names[i], headers[i])]
    middle = [i for i in range(len(names)) if i not in first and i not in last]
    return [*first, *middle, *last]


def _band_fill(colour: object) -> tuple[PatternFill, Font] | None:
    """The fill of a status cell in its band colour (``#2E7D32``) and a legible font."""
    text = str(colour).strip().lstrip("#") if isinstance(colour, str) else ""
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        return None
    red, green, blue = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    dark = 0.299 * red + 0.587 * green + 0.114 * blue < 150
    return PatternFill("solid", fgColor=text.upper()), Font(color="FFFFFF" if dark else "000000")


def print_setup(sheet: object, frozen: int) -> None:
    """A4 landscape, fit to the page width, header row repeated, header and ``frozen``
    leading columns frozen."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.print_title_rows = "1:1"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.freeze_panes = f"{get_column_letter(frozen + 1)}2"


def write_workbook(
    tables: Mapping[str, pd.DataFrame],
    path: Path,
    *,
    subject: Subject = "tables",
    schemas: Mapping[str, TableSchema] | None = None,
) -> None:
    """One sheet per table, Chinese headers, widths and borders, ready to print.

    ``tables`` are tidy frames (English columns; :func:`~kpi_analysis.outputs.labels.
    for_display` with ``subject`` gives the headers and value labels) by table name (the
    sheet is named from :data:`~kpi_analysis.outputs.labels.SHEET_LABELS`, else the name
    itself). A sheet's number formats come from the display kinds of its schema
    (``schemas[name]``, else :data:`~kpi_analysis.outputs.labels.TABLE_SCHEMAS` by name) and
    of :data:`~kpi_analysis.outputs.labels.DERIVED_KINDS` (:func:`~kpi_analysis.outputs.
    labels.column_kinds`).

    Project and indicator columns come first and stay frozen with the header row; the source
    columns come last; status cells are filled with their band colour (where the table has
    a colour column, e.g. progress and the band legend); number formats apply to float
    columns only (their dtype from the table schema); each sheet prints on A4 landscape, fit
    to the page width, with the header row repeated on every page.
    """
    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        sheet = book.create_sheet(SHEET_LABELS.get(name, name))
        schema = (schemas or {}).get(name) or TABLE_SCHEMAS.get(name)
        kinds = column_kinds(list(frame.columns), schema)
        shown_all = for_display(frame, subject)
        order = print_order(frame, [str(h) for h in shown_all.columns])
        frame = frame.iloc[:, order]
        shown = shown_all.iloc[:, order]
        formats = [
            number_format(kinds[column])
            if pd.api.types.is_float_dtype(frame.iloc[:, i]) or frame.iloc[:, i].dtype == object
            else None
            for i, column in enumerate(frame.columns)
        ]
        sheet.append(list(shown.columns))
        for row in shown.itertuples(index=False):
            sheet.append([None if pd.isna(v) else excel_safe(v) for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # text that looks like a formula stays text
                    cell.data_type = "s"
                fmt = formats[cell.column - 1]
                if fmt is not None and _is_float(cell.value):
                    cell.number_format = fmt  # shown rounded; the stored value is kept
                cell.border = BORDER
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        names = [str(c) for c in frame.columns]
        headers = [str(h) for h in shown.columns]
        status = next((i for i, c in enumerate(names) if c in STATUS_COLUMNS), None)
        colour = next(
            (i for i, (c, h) in enumerate(zip(names, headers, strict=True))
             if c in COLOUR_COLUMNS or h in COLOUR_COLUMNS),
            None,
        )  # fmt: skip
        if status is not None and colour is not None:
            for row in sheet.iter_rows(min_row=2):
                style = _band_fill(row[colour].value)
                if style is not None:
                    for index in (status, colour):
                        row[index].fill, row[index].font = style
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for idx, column in enumerate(shown.columns, start=1):
            show = SHOWN.get(formats[idx - 1], str)
            values = shown.iloc[:200, idx - 1].tolist()
            texts = [str(column)] + [show(v) if _is_float(v) else str(v) for v in values]
            width = min(max(len(t) for t in texts) * 1.8 + 2, 60)
            sheet.column_dimensions[get_column_letter(idx)].width = width
        leading = sum(
            1 for c, h in zip(names, headers, strict=True) if c in LEAD_COLUMNS or h in LEAD_COLUMNS
        )
        sheet.auto_filter.ref = sheet.dimensions
        print_setup(sheet, min(leading, MAX_FROZEN))
    book.save(path)


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path, workbook: str) -> list[Path]:
    """Write every table as CSV and Parquet plus one workbook; all or nothing."""
    with staging_folder(out_dir) as staging:
        names = []
        for name, frame in tables.items():
            write_csv(frame, staging / f"{name}.csv")
            write_parquet(frame, staging / f"{name}.parquet")
            names += [f"{name}.csv", f"{name}.parquet"]
        write_workbook(tables, staging / workbook)
        names.append(workbook)
        return publish(staging, names, out_dir)
