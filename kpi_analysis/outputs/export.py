"""Write tidy tables to CSV (UTF-8 with BOM), Parquet and a formatted Excel workbook.

Everything is written into a temporary folder first and moved into place at the end
(:func:`staging_folder`, :func:`publish`), so a failed or interrupted run never leaves
half-written files, nor a mix of old and new files, in the output folder. Text that Excel would
run as a formula (starting with = + - @, tab or CR) is written as text: in CSV with a
leading apostrophe, in .xlsx as a text cell (type ``s``), so Excel shows it and never
runs it.

**Numbers in the workbook** keep their stored value (nothing is rounded in the file); a
number format makes Excel *show* them rounded half up, once (:mod:`kpi_analysis.text.numbers`).
Which columns get one is decided by the column's name (English, before the Chinese header
is applied) or its Chinese header, for float values only (integers such as counts are left
alone):

- amounts — name ends with ``_wan`` or header contains 万元: ``#,##0.00``;
- scores and weights — name ends with ``score``, or header contains 得分 / 总分 / 分值:
  ``0.00``;
- rates (fractions) — name ends with ``rate``, or header ends with 执行率: ``0.00%``.

A bare ``total`` is not in the list: review summaries use it for counts; score totals have
the header 总分. CSV and Parquet files are data, not display: they keep full precision.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kpi_analysis.outputs.labels import SHEET_LABELS, for_display
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
        if out[column].dtype == object or isinstance(out[column].dtype, pd.StringDtype):
            out[column] = out[column].map(defuse_text, na_action="ignore")
    return out


def number_format(name: object, header: object = None) -> str | None:
    """The Excel number format for a column, from its name and/or Chinese header (or None).

    >>> number_format("amount_wan"), number_format("x", "中期资金总额（万元）")
    ('#,##0.00', '#,##0.00')
    >>> number_format("total_score"), number_format("score", "得分（计算）")
    ('0.00', '0.00')
    >>> number_format("execution_rate"), number_format("total"), number_format("project")
    ('0.00%', None, None)
    """
    name = str(name).lower()
    header = str(header if header is not None else name)
    if name.endswith("_wan") or "万元" in header:
        return AMOUNT_FORMAT
    if name.endswith("score") or any(word in header for word in ("得分", "总分", "分值")):
        return SCORE_FORMAT
    if name.endswith("rate") or header.endswith("执行率"):
        return RATE_FORMAT
    return None


def _is_float(value: object) -> bool:
    return isinstance(value, float) and not isinstance(value, bool)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV in UTF-8 with BOM (Excel opens it with the right encoding).

    Rows end with CR LF (RFC 4180), so that a field holding a CR or LF is quoted: with the
    default LF ending, Python's csv module would leave a bare CR unquoted and a spreadsheet
    would break the row there.
    """
    defuse_frame(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")


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
        formats = [
            number_format(column, header)
            for column, header in zip(frame.columns, shown.columns, strict=True)
        ]
        sheet.append(list(shown.columns))
        for row in shown.itertuples(index=False):
            sheet.append([None if pd.isna(v) else v for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # text that looks like a formula stays text
                    cell.data_type = "s"
                fmt = formats[cell.column - 1]
                if fmt is not None and _is_float(cell.value):
                    cell.number_format = fmt  # shown rounded; the stored value is kept
                cell.border = BORDER
                cell.alignment = Alignment(vertical="top", wrap_text=True)
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
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.print_title_rows = "1:1"
    book.save(path)


@contextmanager
def staging_folder(out_dir: Path) -> Iterator[Path]:
    """A temporary folder inside ``out_dir`` (same file system), removed afterwards.

    Write every output there, then :func:`publish` them; on any failure the output folder
    is left as it was.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kpi-tmp-", dir=out_dir))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, names: Sequence[str], out_dir: Path) -> list[Path]:
    """Move the staged files ``names`` into ``out_dir``, all or nothing.

    Each file is renamed into place (atomic on one file system). The files they replace are
    first set aside in ``staging``; if anything fails or is interrupted (Ctrl-C) half-way,
    the files already moved are taken back and the previous ones restored, so the folder
    never holds a mix of old and new outputs.
    """
    out_dir = Path(out_dir)
    previous = staging / ".previous"
    previous.mkdir()
    done: list[str] = []
    try:
        for name in names:  # names may hold sub-folders, e.g. "figures/a.png"
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                (previous / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, previous / name)
            done.append(name)
            os.replace(staging / name, target)
    except BaseException:
        for name in reversed(done):
            target = out_dir / name
            if (previous / name).exists():
                os.replace(previous / name, target)
            elif target.exists() and not (staging / name).exists():
                target.unlink()  # a new file that had no predecessor
        raise
    return [out_dir / name for name in names]


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
