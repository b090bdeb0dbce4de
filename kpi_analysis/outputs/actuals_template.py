"""Write the actuals workbook: targets prefilled, input cells open, everything else locked.

Sheets: ``说明`` (instructions in Chinese, and the example-data notice if any), ``绩效指标``
(one row per project × indicator × year with 实际完成值, 分值/权重, 偏差原因分析 and an
optional 自评得分 to fill in), ``资金`` (年初预算数, 全年预算数, 全年执行数 and a reason per
project × year) and a hidden ``元数据`` sheet (years, projects, execution weight) that
:func:`~kpi_analysis.tables.actuals.load_actuals` checks the input against. Sheets are protected
without a password; only input cells are unlocked; number cells carry data validation
(decimal ≥ 0).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kpi_analysis.analysis.scoring.profiles import ScoringProfile, get_profile
from kpi_analysis.outputs.export import defuse_text
from kpi_analysis.outputs.files import write_atomically
from kpi_analysis.outputs.safe_text import excel_safe
from kpi_analysis.tables.actuals_layout import (
    FORMAT_ID,
    FORMAT_VERSION,
    FUNDING_COLUMNS,
    INDICATOR_COLUMNS,
    KIND_LABELS,
    PERIOD_LABELS,
    SHEET_FUNDING,
    SHEET_INDICATORS,
    SHEET_META,
    SHEET_README,
    Column,
)
from kpi_analysis.tables.year_targets import funding_for_years, targets_for_years

if TYPE_CHECKING:  # dataset.py may import this package (to skip actuals workbooks)
    from kpi_analysis.tables.targets import Dataset

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
NOTICE_FONT = Font(bold=True, color="C00000", size=12)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass(frozen=True)
class TemplateSummary:
    """What was written: row counts and the project-years prefilled from mid-term targets."""

    path: Path
    indicator_rows: int
    funding_rows: int
    years: tuple[int, ...]
    mid_term_years: tuple[tuple[str, int], ...] = ()
    without_targets: tuple[tuple[str, int], ...] = field(default=())


def _value(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return excel_safe(defuse_text(value)) if isinstance(value, str) else value


def _write_table(sheet: Worksheet, columns: tuple[Column, ...], rows: list[dict]) -> None:
    """Header, rows, styles and per-cell locking of one data sheet."""
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([_value(row.get(column.field)) for column in columns])
    for idx, column in enumerate(columns, start=1):
        letter = get_column_letter(idx)
        sheet.column_dimensions[letter].width = column.width
        for r in range(2, len(rows) + 2):
            cell = sheet.cell(row=r, column=idx)
            cell.border = BORDER
            cell.alignment = WRAP
            if column.editable:
                cell.fill = INPUT_FILL
                cell.protection = Protection(locked=False)
            else:
                cell.fill = LOCKED_FILL
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _number_validation(sqref: str) -> DataValidation:
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="请输入数字",
        error="此处只能填写不小于 0 的数字（不要带单位或文字）。",
        promptTitle="数字",
        prompt="填写不小于 0 的数字。",
    )
    for part in sqref.split():
        validation.add(part)
    return validation


def _column_letter(columns: tuple[Column, ...], field_name: str) -> str:
    for idx, column in enumerate(columns, start=1):
        if column.field == field_name:
            return get_column_letter(idx)
    raise KeyError(field_name)


def _ranges(letter: str, rows: list[int]) -> str:
    """Compact sqref for cells of one column: ``L2:L5 L9``."""
    parts: list[str] = []
    start = prev = None
    for r in sorted(rows):
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            parts.append(f"{letter}{start}" + (f":{letter}{prev}" if prev != start else ""))
            start = prev = r
    if start is not None:
        parts.append(f"{letter}{start}" + (f":{letter}{prev}" if prev != start else ""))
    return " ".join(parts)


def _indicator_rows(targets: pd.DataFrame) -> list[dict]:
    rows = []
    for record in targets.to_dict("records"):
        rows.append(
            {
                **record,
                "target_period": PERIOD_LABELS.get(
                    record["target_period"], record["target_period"]
                ),
                "kind": KIND_LABELS.get(record["kind"], record["kind"]),
                "target_source": record.get("source"),
            }
        )
    return rows


def _readme(
    sheet: Worksheet,
    years: tuple[int, ...],
    profile: ScoringProfile,
    mid_term: tuple[tuple[str, int], ...],
    sources: list[str],
    notice: str | None,
) -> None:
    year_text = "、".join(str(y) for y in years)
    lines: list[tuple[str, Font | None]] = [
        (f"项目支出绩效实际完成情况填报表（{year_text}年度）", Font(bold=True, size=14)),
    ]
    if notice:
        lines.append((notice, NOTICE_FONT))
    lines += [
        ("", None),
        (
            f"本工作簿由 kpi-analysis template 根据绩效目标表生成（来源：{'、'.join(sources)}）。",
            None,
        ),
        ("黄色单元格为填写项，灰色单元格为目标信息（已锁定）。工作表已保护，未设密码。", None),
        ("", None),
        ("一、工作表“绩效指标”：每个项目 × 指标 × 年度一行。", Font(bold=True)),
        (
            "1. 实际完成值：定量指标填数字，单位与“计量单位”一致（如 95 表示 95%）；定性或时限"
            "指标可在下拉框中选择档次，也可填写文字（如“已按时完成”），评分时按关键词归档，"
            "归档规则写在每行的评分说明中。",
            None,
        ),
        (
            f"2. 分值/权重：同一项目同一年度各指标分值合计应为 {profile.indicator_total:g}"
            f"（总分 100 减预算执行率分值 {profile.execution_weight:g}）。全部留空则按评分规则"
            f"（{profile.weights_text()}）在每类指标内平均分配。",
            None,
        ),
        ("3. 偏差原因分析：未完成目标或偏离目标较大的指标必须填写。", None),
        ("4. 自评得分（可选）：单位自评的得分；填写后与程序计算的得分并列显示。", None),
        (
            "5. 目标来源为“中期目标”的行：该年度没有年度绩效目标表，已按中期目标预填，"
            "请核对目标是否适用于单一年度。",
            None,
        ),
        ("", None),
        ("二、工作表“资金”：每个项目每年一行，金额单位万元。", Font(bold=True)),
        ("1. 年初预算数：年初批复数；已有年度绩效目标表的年度已按表中“年度资金总额”预填。", None),
        ("2. 全年预算数：调整后预算数（含上年结转）；全年执行数：全年实际支出。", None),
        (
            f"3. 执行率 = 全年执行数 ÷ 全年预算数，低于 {profile.rate_reason_threshold:.0%} "
            "的须在最后一列说明原因。",
            None,
        ),
        ("", None),
        ("三、评分规则", Font(bold=True)),
        (f"评分规则：{profile.label()}；{profile.weights_text()}。", None),
        ("如需修改绩效目标，请在原绩效目标表中修改后重新生成本工作簿，不要改动锁定单元格。", None),
    ]
    if mid_term:
        by_year: dict[int, list[str]] = {}
        for project, year in mid_term:
            by_year.setdefault(year, []).append(project)
        lines.append(("", None))
        lines.append(("四、按中期目标预填的年度", Font(bold=True)))
        for year, projects in sorted(by_year.items()):
            lines.append((f"{year} 年：{len(projects)} 个项目（{'、'.join(projects)}）", None))
    for text, font in lines:
        sheet.append([excel_safe(text)])
        cell = sheet.cell(row=sheet.max_row, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            cell.font = font
    sheet.column_dimensions["A"].width = 110
    sheet.protection.sheet = True


def _meta(
    sheet: Worksheet,
    years: tuple[int, ...],
    profile: ScoringProfile,
    projects: list[tuple[int, str]],
    notice: str | None,
) -> None:
    sheet.append(["键", "值"])
    sheet.append(["format", FORMAT_ID])
    sheet.append(["version", FORMAT_VERSION])
    sheet.append(["years", ",".join(str(y) for y in years)])
    sheet.append(["execution_weight", profile.execution_weight])
    sheet.append(["profile", profile.name])
    sheet.append(["notice", excel_safe(notice or "")])
    sheet.append([])
    sheet.append(["项目序号", "项目名称"])
    for number, name in projects:
        sheet.append([number, excel_safe(defuse_text(name))])
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


def write_actuals_template(
    dataset: Dataset,
    years: Iterable[int],
    path: str | Path,
    *,
    profile: ScoringProfile | str | None = None,
    notice: str | None = None,
) -> TemplateSummary:
    """Write the actuals workbook for ``years`` to ``path`` (replaced atomically).

    ``notice`` is printed in red under the title of the first sheet (the shipped example
    uses it to say that its figures are illustrative).
    """
    profile = get_profile(profile)
    years = tuple(sorted({int(y) for y in years}))
    path = Path(path)
    targets = targets_for_years(dataset.indicators, dataset.projects, years)
    funding = funding_for_years(dataset.funding, dataset.projects, years)
    present = set(zip(targets["project"], targets["year"], strict=True))
    keep = [(p, y) in present for p, y in zip(funding["project"], funding["year"], strict=True)]
    without = tuple(
        (str(p), int(y))
        for p, y, k in zip(funding["project"], funding["year"], keep, strict=True)
        if not k
    )
    funding = funding[keep].reset_index(drop=True)
    mid_term = tuple(
        dict.fromkeys(  # targets are sorted by year and project number
            (str(p), int(y))
            for p, y, period in zip(
                targets["project"], targets["year"], targets["target_period"], strict=True
            )
            if period == "mid_term"
        )
    )
    funding_rows = [
        {**record, "budget_initial": record["annual_budget"]}
        for record in funding.to_dict("records")
    ]
    projects = sorted(
        {(int(n), str(p)) for n, p in zip(targets["project_no"], targets["project"], strict=True)}
    )
    sources = sorted({str(s).split("#", 1)[0] for s in dataset.projects["source"]})

    book = Workbook()
    readme = book.active
    readme.title = SHEET_README
    _readme(readme, years, profile, mid_term, sources, notice)

    indicators = book.create_sheet(SHEET_INDICATORS)
    rows = _indicator_rows(targets)
    _write_table(indicators, INDICATOR_COLUMNS, rows)
    numbers = list(range(2, len(rows) + 2))
    for name in ("weight", "published_score"):
        letter = _column_letter(INDICATOR_COLUMNS, name)
        if numbers:
            indicators.add_data_validation(_number_validation(_ranges(letter, numbers)))
    actual = _column_letter(INDICATOR_COLUMNS, "actual")
    numeric = [r for r, row in zip(numbers, targets["kind"], strict=True) if row == "quantitative"]
    other = [r for r in numbers if r not in set(numeric)]
    if numeric:
        indicators.add_data_validation(_number_validation(_ranges(actual, numeric)))
    if other:
        labels = ",".join(band.label for band in profile.qualitative_bands)
        choice = DataValidation(
            type="list",
            formula1=f'"{labels}"',
            allow_blank=True,
            showErrorMessage=False,
            showInputMessage=True,
            promptTitle="定性指标",
            prompt="可选择档次，也可直接填写文字说明。",
        )
        for part in _ranges(actual, other).split():
            choice.add(part)
        indicators.add_data_validation(choice)

    funding_sheet = book.create_sheet(SHEET_FUNDING)
    _write_table(funding_sheet, FUNDING_COLUMNS, funding_rows)
    budget = _column_letter(FUNDING_COLUMNS, "budget_full")
    spent = _column_letter(FUNDING_COLUMNS, "executed")
    rate = _column_letter(FUNDING_COLUMNS, "rate")
    for r in range(2, len(funding_rows) + 2):
        cell = funding_sheet[f"{rate}{r}"]
        cell.value = (
            f"=IF(AND(ISNUMBER({budget}{r}),{budget}{r}>0,ISNUMBER({spent}{r})),"
            f'{spent}{r}/{budget}{r},"")'
        )
        cell.number_format = "0.00%"
    if funding_rows:
        for name in ("budget_initial", "budget_full", "executed"):
            letter = _column_letter(FUNDING_COLUMNS, name)
            funding_sheet.add_data_validation(
                _number_validation(f"{letter}2:{letter}{len(funding_rows) + 1}")
            )
    for name in ("mid_term_total", "budget_initial", "budget_full", "executed"):
        letter = _column_letter(FUNDING_COLUMNS, name)
        for r in range(2, len(funding_rows) + 2):
            funding_sheet[f"{letter}{r}"].number_format = "0.00"

    _meta(book.create_sheet(SHEET_META), years, profile, projects, notice)
    book.properties.title = "项目支出绩效实际完成情况填报表"
    book.properties.keywords = FORMAT_ID
    book.properties.creator = "kpi_analysis"
    book.active = 0

    write_atomically(path, book.save)
    return TemplateSummary(
        path=path,
        indicator_rows=len(rows),
        funding_rows=len(funding_rows),
        years=years,
        mid_term_years=mid_term,
        without_targets=without,
    )
