"""Generate the shipped example actuals workbook for the source document's five projects.

    .venv/bin/python scripts/make_example_actuals.py [--out data/raw/actuals_example_2021-2023.xlsx]

The figures are ILLUSTRATIVE — invented by the fixed rules below, not official data — and the
workbook's first sheet says so. How they were made (deterministic, no randomness):

* 实际完成值: a quantitative target is met exactly (actual = target value); deadline targets
  ("年底前") are done in November of the year; recurring ones ("每月月初") on time; other
  qualitative targets "达成年度指标". Then a few hand-picked exceptions (``EXCEPTIONS``): four
  shortfalls — three with a reason, one (project 3, 2022, review meetings 2 of 3) deliberately
  without a reason so that the scoring flags ``shortfall_without_reason`` — and one
  over-achievement (project 2, 2021, 2 trainings against ≥1).
* 分值/权重: projects 1–4 get integer weights, each class weight (产出 50, 效益 30, 满意度 10)
  split over its rows with the remainder on the last rows; project 5 is left blank to show the
  equal split of the scoring engine.
* 自评得分: filled for project 1 only, as a unit would (full marks on every row), so the
  computed score differs where project 1 fell short (2022 satisfaction 96 %).
* Funding (万元): 年初预算数 = the 2021 annual budget of the document for every year; 全年预算数
  = 年初 with two adjustments (project 1 2022 cut to 28, project 3 2023 raised to 22);
  全年执行数 = 全年预算数 × the rate in ``RATES`` (85–100 %), rounded to 2 decimals. Both rates
  below 90 % carry a reason.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kpi_analysis.cli.paths import DATA_RAW, DEFAULT_INPUT  # noqa: E402
from kpi_analysis.outputs.actuals_template import write_actuals_template  # noqa: E402
from kpi_analysis.tables.actuals_layout import (  # noqa: E402
    FUNDING_COLUMNS,
    INDICATOR_COLUMNS,
    SHEET_FUNDING,
    SHEET_INDICATORS,
)
from kpi_analysis.tables.targets import load  # noqa: E402
from kpi_analysis.text.grammar import parse_target  # noqa: E402

NOTICE = "示例数据（虚构，仅用于演示），非官方数据 / illustrative example data, not official"
OUT = DATA_RAW / "actuals_example_2021-2023.xlsx"
YEARS = (2021, 2022, 2023)

CLASS_WEIGHTS = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
WEIGHTED_PROJECTS = {1, 2, 3, 4}
SELF_SCORED_PROJECTS = {1}

# (project_no, year, indicator text starts with) → (actual, reason or None)
EXCEPTIONS: dict[tuple[int, int, str], tuple[object, str | None]] = {
    (1, 2022, "人民群众对教育和医疗水平的满意度"): (
        96,
        "教育、医疗资源紧张问题仍未完全解决，少数群众评价一般；下一步配合主管部门加快编制保障。",
    ),
    (3, 2022, "对权责清单进行即时更新，召开相关审核会议"): (2, None),  # deliberately no reason
    (4, 2023, "在规定时间内完成各项改革任务"): (
        "基本完成，个别单位更名手续仍在办理",
        "部分事业单位更名需省级审批，办理周期较长；已报送，预计次年一季度办结。",
    ),
    (5, 2021, "中文域名注册量"): (268, "部分事业单位撤并，实际需注册的单位减少。"),
    (2, 2021, "实名制系统培训"): (2, None),  # over-achievement: 2 trainings against ≥1
}

# (project_no, year) → execution rate
RATES = {
    (1, 2021): 0.97, (1, 2022): 0.95, (1, 2023): 0.99,
    (2, 2021): 0.92, (2, 2022): 0.96, (2, 2023): 0.88,
    (3, 2021): 0.98, (3, 2022): 0.93, (3, 2023): 0.96,
    (4, 2021): 0.86, (4, 2022): 0.94, (4, 2023): 1.00,
    (5, 2021): 1.00, (5, 2022): 0.99, (5, 2023): 0.97,
}  # fmt: skip
BUDGET_ADJUSTED = {(1, 2022): 28.0, (3, 2023): 22.0}
RATE_REASONS = {
    (2, 2023): "控编减编专项督查改为线上方式，差旅及会务支出减少。",
    (4, 2021): "事业单位改革部分事项延至次年实施，相应经费未支出。",
}


def integer_split(total: int, count: int) -> list[int]:
    """``total`` as ``count`` integers, the remainder on the last ones (50, 6 → 8,8,8,8,9,9)."""
    base, extra = divmod(total, count)
    return [base + (1 if i >= count - extra else 0) for i in range(count)]


def default_actual(target: str, kind: str, year: int) -> object:
    """The illustrative actual of a row that met its target."""
    parsed = parse_target(target)
    if kind == "定量" and parsed.value is not None:
        value = parsed.value
        return int(value) if float(value).is_integer() else value
    if "月初" in target:
        return "每月月初按时完成"
    if parsed.kind == "timing" and ("年底" in target or "12月" in target):
        return f"{year}年11月完成"
    if parsed.kind == "timing":
        return "均在规定时限内完成"
    return "达成年度指标"


def _columns(sheet, columns) -> dict[str, int]:
    headers = {cell.value: cell.column for cell in sheet[1]}
    return {column.field: headers[column.header] for column in columns}


def fill_indicators(sheet) -> None:
    col = _columns(sheet, INDICATOR_COLUMNS)
    rows = list(range(2, sheet.max_row + 1))
    get = {name: (lambda r, c=c: sheet.cell(row=r, column=c).value) for name, c in col.items()}
    groups: dict[tuple[int, int, str], list[int]] = {}
    for r in rows:
        key = (int(get["project_no"](r)), int(get["year"](r)), str(get["level1"](r)))
        groups.setdefault(key, []).append(r)
    weights: dict[int, int] = {}
    for (project, _, level1), members in groups.items():
        if project in WEIGHTED_PROJECTS:
            split = integer_split(CLASS_WEIGHTS[level1], len(members))
            weights.update(zip(members, split, strict=True))
    for r in rows:
        project, year = int(get["project_no"](r)), int(get["year"](r))
        indicator = str(get["indicator"](r) or "")
        target = str(get["target"](r) or "")
        actual: object = default_actual(target, str(get["kind"](r)), year)
        reason = None
        for (p, y, prefix), (value, why) in EXCEPTIONS.items():
            if p == project and y == year and indicator.lstrip("：:").startswith(prefix):
                actual, reason = value, why
        sheet.cell(row=r, column=col["actual"], value=actual)
        if r in weights:
            sheet.cell(row=r, column=col["weight"], value=weights[r])
        if reason:
            sheet.cell(row=r, column=col["reason"], value=reason)
        if project in SELF_SCORED_PROJECTS and r in weights:
            sheet.cell(row=r, column=col["published_score"], value=weights[r])


def fill_funding(sheet, annual_budget: dict[int, float]) -> None:
    col = _columns(sheet, FUNDING_COLUMNS)
    for r in range(2, sheet.max_row + 1):
        project = int(sheet.cell(row=r, column=col["project_no"]).value)
        year = int(sheet.cell(row=r, column=col["year"]).value)
        initial_cell = sheet.cell(row=r, column=col["budget_initial"])
        if initial_cell.value is None:  # no annual document for 2022/2023: same as 2021
            initial_cell.value = annual_budget[project]
        initial = float(initial_cell.value)
        full = BUDGET_ADJUSTED.get((project, year), initial)
        sheet.cell(row=r, column=col["budget_full"], value=full)
        sheet.cell(row=r, column=col["executed"], value=round(full * RATES[(project, year)], 2))
        if (project, year) in RATE_REASONS:
            sheet.cell(row=r, column=col["reason"], value=RATE_REASONS[(project, year)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成示例实际完成情况工作簿（虚构数据）")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    dataset = load(DEFAULT_INPUT, strict=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging_dir = Path(tempfile.mkdtemp(prefix=".kpi-tmp-", dir=out.parent))
    staging = staging_dir / out.name
    try:
        write_actuals_template(dataset, YEARS, staging, notice=NOTICE)
        book = load_workbook(staging)
        fill_indicators(book[SHEET_INDICATORS])
        annual = dataset.funding[
            (dataset.funding["period"] == "annual") & (dataset.funding["category"] == "total")
        ]
        fill_funding(
            book[SHEET_FUNDING],
            {
                int(n): float(a)
                for n, a in zip(annual["project_no"], annual["amount_wan"], strict=True)
            },
        )
        book.save(staging)
        os.replace(staging, out)
    finally:
        shutil.rmtree(staging_dir, ignore_errors=True)
    print(f"已写出示例工作簿 {out}（{NOTICE}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
