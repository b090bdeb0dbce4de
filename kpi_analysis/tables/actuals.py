"""Read a filled actuals workbook back into tidy tables, reporting every bad cell.

:func:`load_actuals` never raises on bad content: a number cell holding text, a negative
amount, a row for a year the workbook has no targets for, an unknown project, duplicated
rows, or 分值 of a project-year that do not add up to 100 − 预算执行率分值 each become a
finding whose ``source`` names the sheet and the A1 cell (``file.xlsx#sheet=绩效指标,cell=L5``).
Rows for unknown years or projects are reported and left out; every other row is kept.
A file that cannot be opened at all is an ``error`` finding too (or, with ``strict=True``, an
:class:`~kpi_analysis.errors.UnreadableFileError`).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kpi_analysis.errors import KpiError, UnreadableFileError, raise_strict
from kpi_analysis.readers.grid import Source
from kpi_analysis.readers.limits import DEFAULT_LIMITS
from kpi_analysis.readers.package import checked_main_part, checked_path
from kpi_analysis.readers.xlsx_scan import SheetScan, scan_workbook
from kpi_analysis.tables import schema
from kpi_analysis.tables.actuals_layout import (
    FORMAT_ID,
    FUNDING_COLUMNS,
    INDICATOR_COLUMNS,
    PERIOD_LABELS,
    REQUIRED_FUNDING_FIELDS,
    REQUIRED_INDICATOR_FIELDS,
    SHEET_FUNDING,
    SHEET_INDICATORS,
    SHEET_META,
    Column,
)
from kpi_analysis.tables.schema import FLOAT, INT, LEVEL1, LEVEL2, STRING, TableSchema
from kpi_analysis.text.grammar import normalise_text, parse_actual_number, parse_targets
from kpi_analysis.text.numbers import TOLERANCE, fmt

ACTUAL_INDICATORS = TableSchema(
    "indicators_actuals",
    (
        ("source", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("year", INT),
        ("target_period", STRING),
        ("level1", LEVEL1),
        ("level2", LEVEL2),
        *schema.INDICATOR_COLUMNS,
        ("actual", STRING),
        ("actual_value", FLOAT),
        ("weight", FLOAT),
        ("published_score", FLOAT),
        ("reason", STRING),
        ("target_source", STRING),
    ),
)
"""One row per project × year × indicator; ``source`` is the row's 实际完成值 cell."""

ACTUAL_FUNDING = TableSchema(
    "funding_actuals",
    (
        ("source", STRING),
        ("project_no", INT),
        ("project", STRING),
        ("year", INT),
        ("mid_term_total", FLOAT),
        ("budget_initial", FLOAT),
        ("budget_full", FLOAT),
        ("executed", FLOAT),
        ("amount_unit", STRING),
        ("reason", STRING),
    ),
)
"""One row per project × year; amounts in 万元 (``amount_unit``)."""

DEFAULT_EXECUTION_WEIGHT = 10.0
CORE_SCAN_BYTES = 64 * 1024
#: What a protective apostrophe may precede (text a spreadsheet would run as a formula).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Excel's error values, as a cell caches them (``#DIV/0!`` …).
EXCEL_ERRORS = frozenset(
    ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!")
)
PERIOD_CODES = {label: code for code, label in PERIOD_LABELS.items()}


@dataclass(frozen=True)
class Actuals:
    """The tidy tables of one actuals workbook and what was wrong with it."""

    indicators_actuals: pd.DataFrame
    funding_actuals: pd.DataFrame
    findings: pd.DataFrame
    years: tuple[int, ...] = ()
    execution_weight: float = DEFAULT_EXECUTION_WEIGHT
    notice: str = ""
    path: str = field(default="", compare=False)

    @property
    def is_example(self) -> bool:
        """True when the workbook says its figures are illustrative (示例数据)."""
        return "示例" in self.notice


def is_actuals_workbook(path: str | Path) -> bool:
    """True when ``path`` is a workbook written by ``kpi-analysis template`` (cheap check)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/core.xml") as member:
            # only the beginning: the header's size is not trusted (a bomb in core.xml)
            core = member.read(CORE_SCAN_BYTES).decode("utf-8", errors="replace")
    except (OSError, KeyError, EOFError, ValueError, RuntimeError, zipfile.BadZipFile):
        return False
    return FORMAT_ID in core


def _key(text: object) -> str:
    folded = normalise_text("" if text is None else str(text))
    return folded.replace("（", "(").replace("）", ")")


@dataclass
class _Reader:
    """State while one workbook is read: the file name and the findings so far."""

    file: str
    findings: list[dict] = field(default_factory=list)

    def report(
        self,
        sheet: str,
        address: str | None,
        code: str,
        message: str,
        *,
        severity: str = "warning",
        text: object = "",
    ) -> None:
        where = f"工作表“{sheet}”" + (f"单元格 {address}" if address else "")
        self.findings.append(
            {
                "source": str(Source(self.file, sheet=sheet, address=address)),
                "severity": severity,
                "code": code,
                "message": f"{where}：{message}",
                "text": "" if text is None else str(text),
            }
        )


def _header_map(
    sheet: Worksheet, columns: tuple[Column, ...], required: tuple[str, ...]
) -> tuple[int, dict[str, int]] | None:
    """The header row and field → column index, found by header text in the first 10 rows."""
    lookup = {_key(header): column.field for column in columns for header in column.headers()}
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 10)):
        mapping: dict[str, int] = {}
        for cell in row:
            name = lookup.get(_key(cell.value))
            if name and name not in mapping:
                mapping[name] = cell.column
        if all(name in mapping for name in required):
            return row[0].row, mapping
    return None


def _unprotected(value: object) -> object:
    """Text without the apostrophe that protects it from being run as a formula.

    The template (and the CSV exports) write ``'-5%`` for text starting with = + - @;
    read back, the value is ``-5%``.

    >>> _unprotected("'-5%"), _unprotected("'=A1"), _unprotected("it's")
    ('-5%', '=A1', "it's")
    """
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_int(value: object) -> int | None:
    if isinstance(value, bool) or _blank(value):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = re.fullmatch(r"\s*(\d{1,4})\s*(?:年)?\s*", str(value))
    return int(match.group(1)) if match else None


_STRICT_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _as_number(value: object) -> tuple[float | None, bool]:
    """(number, ok): blank → (None, True); text that is not a plain number → (None, False)."""
    if _blank(value):
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int | float):
        return float(value), True
    text = str(value).strip().replace(",", "").replace("，", "")
    if _STRICT_NUMBER.fullmatch(text):
        return float(text), True
    return None, False


def _text(value: object) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _meta(book, reader: _Reader) -> dict:
    """Years, projects, execution weight and notice from the hidden 元数据 sheet."""
    meta: dict = {"years": None, "projects": None, "execution_weight": None, "notice": ""}
    if SHEET_META not in book.sheetnames:
        reader.report(
            SHEET_META,
            None,
            "meta_missing",
            "缺少元数据工作表，无法核对年度和项目（请使用 kpi-analysis template 生成的工作簿）",
        )
        return meta
    sheet = book[SHEET_META]
    projects: dict[str, int | None] = {}
    in_projects = False
    for row in sheet.iter_rows(min_row=1, values_only=True):
        first = row[0] if row else None
        second = _unprotected(row[1]) if len(row) > 1 else None
        if in_projects:
            if not _blank(second):
                projects[_key(second)] = _as_int(first)
            continue
        if first == "项目序号":
            in_projects = True
        elif first == "years" and not _blank(second):
            years = [_as_int(part) for part in str(second).split(",")]
            meta["years"] = tuple(y for y in years if y is not None)
        elif first == "execution_weight":
            meta["execution_weight"] = _as_number(second)[0]
        elif first == "notice":
            meta["notice"] = _text(second) or ""
    meta["projects"] = projects if in_projects else None
    return meta


def _check_row_keys(
    reader: _Reader,
    sheet: str,
    row: int,
    cells: dict,
    columns: dict[str, int],
    meta: dict,
) -> tuple[int | None, int | None] | None:
    """Project number and year of one data row, or None (reported) when the row must go."""
    year_col = get_column_letter(columns["year"])
    year = _as_int(cells.get("year"))
    if year is None:
        reader.report(
            sheet,
            f"{year_col}{row}",
            "bad_year",
            "年度不是有效年份，该行未读取",
            severity="error",
            text=cells.get("year"),
        )
        return None
    if meta["years"] is not None and year not in meta["years"]:
        covered = "、".join(str(y) for y in meta["years"])
        reader.report(
            sheet,
            f"{year_col}{row}",
            "year_without_targets",
            f"{year} 年没有绩效目标（本工作簿的目标年度：{covered}），该行未读取",
            severity="error",
            text=year,
        )
        return None
    project = _text(cells.get("project"))
    project_col = get_column_letter(columns["project"])
    if project is None:
        reader.report(
            sheet,
            f"{project_col}{row}",
            "project_missing",
            "缺少项目名称，该行未读取",
            severity="error",
        )
        return None
    number = _as_int(cells.get("project_no"))
    known = meta["projects"]
    if known is not None and _key(project) not in known:
        reader.report(
            sheet,
            f"{project_col}{row}",
            "unknown_project",
            "项目不在绩效目标表中（名称不符），该行未读取",
            severity="error",
            text=project,
        )
        return None
    if known is not None and number is not None and known.get(_key(project)) not in (None, number):
        reader.report(
            sheet,
            f"{project_col}{row}",
            "project_no_mismatch",
            f"项目序号 {number} 与项目名称不符（应为 {known[_key(project)]}），按名称读取",
            text=project,
        )
        number = known[_key(project)]
    if number is None and known is not None:
        number = known.get(_key(project))
    return number, year


def _number_cell(
    reader: _Reader, sheet: str, address: str, value: object, label: str
) -> float | None:
    number, ok = _as_number(value)
    if not ok:
        reader.report(
            sheet,
            address,
            "text_in_number_cell",
            f"{label}应为数字，实际为文字，未读取",
            severity="error",
            text=value,
        )
        return None
    if number is not None and number < 0:
        reader.report(
            sheet,
            address,
            "negative_number",
            f"{label}不能为负数，未读取",
            severity="error",
            text=value,
        )
        return None
    return number


def _rows(sheet: Worksheet, header_row: int, columns: dict[str, int]):
    """(row number, field → value, field → cell) for each non-blank data row."""
    for cells in sheet.iter_rows(min_row=header_row + 1):
        by_field = {}
        values = {}
        for name, index in columns.items():
            cell = cells[index - 1] if index - 1 < len(cells) else None
            by_field[name] = cell
            values[name] = None if cell is None else _unprotected(cell.value)
        if all(_blank(v) for name, v in values.items() if name not in ("rate",)):
            continue
        yield cells[0].row, values, by_field


def _read_indicators(book, reader: _Reader, meta: dict) -> list[dict]:
    if SHEET_INDICATORS not in book.sheetnames:
        reader.report(
            SHEET_INDICATORS, None, "sheet_missing", "缺少“绩效指标”工作表", severity="error"
        )
        return []
    sheet = book[SHEET_INDICATORS]
    found = _header_map(sheet, INDICATOR_COLUMNS, REQUIRED_INDICATOR_FIELDS)
    if found is None:
        needed = "、".join(
            c.header for c in INDICATOR_COLUMNS if c.field in REQUIRED_INDICATOR_FIELDS
        )
        reader.report(
            SHEET_INDICATORS,
            "A1",
            "header_missing",
            f"找不到表头（需要：{needed}）",
            severity="error",
        )
        return []
    header_row, columns = found
    rows: list[dict] = []
    seen: dict[tuple, str] = {}
    for r, values, cells in _rows(sheet, header_row, columns):
        keys = _check_row_keys(reader, SHEET_INDICATORS, r, values, columns, meta)
        if keys is None:
            continue
        number, year = keys
        letter = {name: get_column_letter(index) for name, index in columns.items()}
        target = _text(values.get("target"))
        indicator = _text(values.get("indicator"))
        if target is None:
            reader.report(
                SHEET_INDICATORS,
                f"{letter['target']}{r}",
                "target_missing",
                f"{year} 年该指标没有指标值，只能按文字完成情况评分",
                text=indicator,
            )
        key = (
            _key(values.get("project")),
            year,
            _key(values.get("level1")),
            _key(values.get("level2")),
            _key(values.get("indicator_no")),
            _key(indicator),
        )
        if key in seen:
            reader.report(
                SHEET_INDICATORS,
                f"A{r}",
                "duplicate_row",
                f"与 {seen[key]} 重复（同一项目、年度、指标），该行未读取",
                text=indicator,
            )
            continue
        seen[key] = f"第{r}行"
        raw_actual = values.get("actual")
        actual_cell = cells.get("actual")
        if isinstance(raw_actual, str) and raw_actual.strip() in EXCEL_ERRORS:
            reader.report(
                SHEET_INDICATORS,
                f"{letter['actual']}{r}",
                "formula_error",
                f"实际完成值是公式的错误结果（{raw_actual.strip()}），按未填读取、不评分",
                severity="error",
                text=raw_actual,
            )
            raw_actual = None
        actual_value, ok = _as_number(raw_actual)
        if not ok:
            actual_value = None
        elif actual_value is not None and "%" in str(getattr(actual_cell, "number_format", "")):
            actual_value = actual_value * 100  # Excel stored "95%" as 0.95
        actual_text = fmt(actual_value) if actual_value is not None else _text(raw_actual)
        if actual_value is None and actual_text is not None:
            actual_value = parse_actual_number(actual_text)[0]
        weight = published = None
        if "weight" in columns:
            weight = _number_cell(
                reader,
                SHEET_INDICATORS,
                f"{letter['weight']}{r}",
                values.get("weight"),
                "分值/权重",
            )
        if "published_score" in columns:
            published = _number_cell(
                reader,
                SHEET_INDICATORS,
                f"{letter['published_score']}{r}",
                values.get("published_score"),
                "自评得分",
            )
        period = _text(values.get("target_period"))
        rows.append(
            {
                "source": str(
                    Source(reader.file, sheet=SHEET_INDICATORS, address=f"{letter['actual']}{r}")
                ),
                "project_no": number,
                "project": _text(values.get("project")),
                "year": year,
                "target_period": PERIOD_CODES.get(period or "", period),
                "level1": _text(values.get("level1")),
                "level2": _text(values.get("level2")),
                "indicator_no": _as_int(values.get("indicator_no")),
                "indicator": indicator,
                "target": target,
                "standard": _text(values.get("standard")),
                "actual": actual_text,
                "actual_value": actual_value,
                "weight": weight,
                "published_score": published,
                "reason": _text(values.get("reason")),
                "target_source": _text(values.get("target_source")),
                "_row": r,
                "_weight_col": letter.get("weight"),
                "_actual_col": letter["actual"],
                "_raw_actual": raw_actual,
            }
        )
    return rows


def _check_indicator_values(reader: _Reader, rows: list[dict], parsed: pd.DataFrame) -> None:
    """Text where a quantitative target needs a number."""
    for row, kind in zip(rows, parsed["kind"], strict=True):
        if kind != "quantitative" or row["actual"] is None or row["actual_value"] is not None:
            continue
        reader.report(
            SHEET_INDICATORS,
            f"{row['_actual_col']}{row['_row']}",
            "text_in_number_cell",
            f"定量指标（{row['target']}）的实际完成值应为数字，实际为文字；将按定性档次评分",
            text=row["_raw_actual"],
        )


def _check_weight_sums(reader: _Reader, rows: list[dict], execution_weight: float) -> None:
    """分值 per project-year: all given and summing to 100 − execution weight, or all blank."""
    expected = 100.0 - execution_weight
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["project"], row["year"]), []).append(row)
    for (project, year), part in groups.items():
        col = part[0]["_weight_col"]
        if col is None:
            continue
        numbers = sorted(row["_row"] for row in part)
        span = f"{col}{numbers[0]}:{col}{numbers[-1]}" if len(numbers) > 1 else f"{col}{numbers[0]}"
        given = [row["weight"] for row in part if row["weight"] is not None]
        if not given:
            continue
        if len(given) < len(part):
            reader.report(
                SHEET_INDICATORS,
                span,
                "weights_partly_given",
                f"{project} {year} 年有 {len(part) - len(given)} 个指标未填分值，"
                "评分时按类内剩余分值平均分配",
            )
            continue
        total = sum(given)
        if abs(total - expected) > TOLERANCE:
            reader.report(
                SHEET_INDICATORS,
                span,
                "weight_sum_mismatch",
                f"{project} {year} 年指标分值合计 {fmt(total)}，"
                f"加预算执行率 {fmt(execution_weight)} 为 {fmt(total + execution_weight)}，"
                f"应为 100（指标分值合计应为 {fmt(expected)}）",
                severity="error",
                text=fmt(total),
            )


def _read_funding(book, reader: _Reader, meta: dict, targeted: set[tuple]) -> list[dict]:
    if SHEET_FUNDING not in book.sheetnames:
        reader.report(SHEET_FUNDING, None, "sheet_missing", "缺少“资金”工作表", severity="error")
        return []
    sheet = book[SHEET_FUNDING]
    found = _header_map(sheet, FUNDING_COLUMNS, REQUIRED_FUNDING_FIELDS)
    if found is None:
        reader.report(
            SHEET_FUNDING,
            "A1",
            "header_missing",
            "找不到表头（需要：项目名称、年度、全年预算数、全年执行数）",
            severity="error",
        )
        return []
    header_row, columns = found
    rows: list[dict] = []
    seen: set[tuple] = set()
    for r, values, _ in _rows(sheet, header_row, columns):
        keys = _check_row_keys(reader, SHEET_FUNDING, r, values, columns, meta)
        if keys is None:
            continue
        number, year = keys
        project = _text(values.get("project"))
        if (_key(project), year) in seen:
            reader.report(
                SHEET_FUNDING,
                f"A{r}",
                "duplicate_row",
                "同一项目同一年度的资金行重复，该行未读取",
                text=project,
            )
            continue
        seen.add((_key(project), year))
        if targeted and (_key(project), year) not in targeted:
            reader.report(
                SHEET_FUNDING,
                f"A{r}",
                "year_without_targets",
                f"{project} {year} 年在“绩效指标”中没有任何指标",
                text=project,
            )
        amounts = {}
        for name, label in (
            ("budget_initial", "年初预算数"),
            ("budget_full", "全年预算数"),
            ("executed", "全年执行数"),
            ("mid_term_total", "中期资金总额"),
        ):
            if name in columns:
                address = f"{get_column_letter(columns[name])}{r}"
                amounts[name] = _number_cell(
                    reader, SHEET_FUNDING, address, values.get(name), label
                )
        rows.append(
            {
                "source": str(Source(reader.file, sheet=SHEET_FUNDING, address=f"A{r}")),
                "project_no": number,
                "project": project,
                "year": year,
                **{name: amounts.get(name) for name in ("mid_term_total", "budget_initial")},
                "budget_full": amounts.get("budget_full"),
                "executed": amounts.get("executed"),
                "amount_unit": "万元",
                "reason": _text(values.get("reason")),
            }
        )
    return rows


def _empty(reader: _Reader, path: Path) -> Actuals:
    return Actuals(
        ACTUAL_INDICATORS.empty(),
        ACTUAL_FUNDING.empty(),
        schema.FINDINGS.from_rows(reader.findings),
        path=str(path),
    )


def _open_guarded(path: Path) -> tuple[object, dict[str, SheetScan]]:
    """Open the workbook through the readers' guards (size, zip bombs, DTDs, cell count)."""
    path, limits = checked_path(path, DEFAULT_LIMITS)
    with path.open("rb") as handle:
        with zipfile.ZipFile(handle) as archive:
            part = checked_main_part(archive, path.name, limits, scan_xml=True)
            if part is None or not part.startswith("xl/"):
                raise UnreadableFileError("文件不是 Excel 工作簿", file=path.name)
            scanned = scan_workbook(archive, part, path.name, limits)
            scans = scanned if isinstance(scanned, dict) else {s.title: s for s in scanned}
        handle.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(handle, data_only=True, keep_links=False)
    return book, scans


def _report_formulas(reader: _Reader, scan: SheetScan | None) -> None:
    """A formula in 绩效指标 without a saved result: reported, never read as blank or 0."""
    if scan is None:
        return
    for address, formula in scan.formulas_without_value:
        reader.report(
            SHEET_INDICATORS,
            address,
            "formula_without_value",
            "公式没有保存计算结果（文件未在 Excel 中打开保存过），按未填读取、不评分；"
            "请在 Excel 中打开并保存后再读取",
            severity="error",
            text=f"={formula}" if formula else "",
        )


def load_actuals(path: str | Path, *, strict: bool = False) -> Actuals:
    """Read an actuals workbook; bad cells become findings naming sheet and cell."""
    path = Path(path)
    reader = _Reader(path.name)
    try:
        book, scans = _open_guarded(path)
    except Exception as error:  # any failure to open is reported, not raised
        message = "无法打开实际完成情况工作簿（文件不存在、已损坏或不是 .xlsx）"
        if isinstance(error, KpiError):
            message = f"无法打开实际完成情况工作簿：{error.message}"
        if strict:
            raise UnreadableFileError(message, file=path.name, hint=str(error)) from error
        reader.findings.append(
            {
                "source": path.name,
                "severity": "error",
                "code": "file_unreadable",
                "message": message,
                "text": f"{type(error).__name__}: {error}",
            }
        )
        return _empty(reader, path)
    _report_formulas(reader, scans.get(SHEET_INDICATORS))
    meta = _meta(book, reader)
    execution_weight = meta["execution_weight"] or DEFAULT_EXECUTION_WEIGHT
    rows = _read_indicators(book, reader, meta)
    targets = pd.Series([row["target"] or "" for row in rows], dtype="string")
    parsed = parse_targets(targets)
    _check_indicator_values(reader, rows, parsed)
    _check_weight_sums(reader, rows, execution_weight)
    targeted = {(_key(row["project"]), row["year"]) for row in rows}
    funding = _read_funding(book, reader, meta, targeted)
    for row, parse in zip(rows, parsed.to_dict("records"), strict=True):
        row.update({k: parse[k] for k in ("kind", "comparator", "value", "unit", "per")})
    years = meta["years"] or tuple(sorted({row["year"] for row in rows}))
    if strict:  # a missing sheet or a bad value stops the run (exit code 4 / 5)
        raise_strict(reader.findings)
    return Actuals(
        indicators_actuals=ACTUAL_INDICATORS.from_rows(rows),
        funding_actuals=ACTUAL_FUNDING.from_rows(funding),
        findings=schema.FINDINGS.from_rows(reader.findings),
        years=tuple(years),
        execution_weight=execution_weight,
        notice=meta["notice"],
        path=str(path),
    )
