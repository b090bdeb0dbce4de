"""The standard 项目支出绩效自评表 as a format-neutral grid, shared by the Word and Excel writers.

The input is one :class:`SelfEvalSheet` (one project × year: amounts, scores, indicator rows,
already computed); :func:`selfeval_layout` lays it out on a grid of :data:`N_COLS` columns
following 财预〔2020〕10号 附件1 as used 2021–2023 (docs/rules.md#selfeval-form):

* the title ``项目支出绩效自评表（2021年度）``, with a second line ``示例数据（虚构）`` in the
  title cell when the figures are the shipped example (so the title itself says so);
* 项目名称 | 主管部门 | 实施单位;
* 项目资金（万元）: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 over the rows
  年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金 (分值 and 得分 ``—`` except on
  the total row);
* 年度总体目标: 预期目标 | 实际完成情况;
* 绩效指标: 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
  偏差原因分析及改进措施, with 一级 and 二级 merged down their rows and the class weight in
  the 一级 cell (``产出指标（50分）``, as in S6);
* 总分 | 100 | the total (the grade, 自评等级, goes into the notes: the form has no cell for it).

Rows are lists of :class:`~kpi_analysis.outputs.writers.layout.FormCell`; a cell covered by a merge
that starts elsewhere is not listed, so a writer only creates and merges. Notes (how the
scores were computed, reasons, differences from the unit's own scores) follow the form.

>>> form = SelfEvalSheet(year=2021, project="项目甲", indicators=(
...     IndicatorLine("产出指标", "数量指标", "培训次数", "≥2次", "2", 90.0, 90.0),))
>>> layout = selfeval_layout(form)
>>> layout.rows[0][0].text
'项目支出绩效自评表（2021年度）'
>>> [c.text for c in layout.rows[-1]]
['总分', '100', '', '']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kpi_analysis.outputs.writers.layout import (
    LABEL,
    TEXT,
    TITLE,
    VALUE,
    VERTICAL,
    FormCell,
    format_number,
    vertical,
)
from kpi_analysis.text.numbers import format_compact, sum_exact

N_COLS = 9
#: Column widths in centimetres (A4 landscape, 26 cm inside the margins).
COLUMN_WIDTHS_CM = (1.9, 2.4, 2.6, 5.0, 3.0, 3.0, 1.6, 1.8, 4.7)
FORM_TITLE = "项目支出绩效自评表"
EXAMPLE_NOTICE = "示例数据（虚构）"
FUNDING_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
FUNDING_ROWS = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")
INDICATOR_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
DASH = "—"

# cell kinds of this form beyond those of writers.layout (numbers a spreadsheet keeps as such)
AMOUNT, WEIGHT, SCORE, RATE = "amount", "weight", "score", "rate"
NUMBER_KINDS = (AMOUNT, WEIGHT, SCORE, RATE)


@dataclass(frozen=True)
class FundingLine:
    """One row of the funding block: 年初预算数, 全年预算数, 全年执行数 (None = not given)."""

    label: str
    initial: float | None = None
    full: float | None = None
    executed: float | None = None


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator row of the form, as it is printed."""

    level1: str
    level2: str
    indicator: str
    target: str
    actual: str
    weight: float | None = None
    score: float | None = None
    reason: str = ""


@dataclass(frozen=True)
class SelfEvalSheet:
    """Everything printed on one project's 自评表 for one year (already computed).

    ``funding`` lists the rows of :data:`FUNDING_ROWS` in that order (missing rows print
    empty); ``execution_rate`` is a fraction (0.97 prints ``97.00%``); scores are printed
    with two decimals, amounts and weights as plain numbers.
    """

    year: int
    project: str
    department: str = ""
    implementer: str = ""
    project_no: int | None = None
    amount_unit: str = "万元"
    funding: tuple[FundingLine, ...] = ()
    execution_weight: float = 10.0
    execution_rate: float | None = None
    execution_score: float | None = None
    goal_expected: str = ""
    goal_actual: str = ""
    indicators: tuple[IndicatorLine, ...] = ()
    total_weight: float = 100.0
    total: float | None = None
    grade: str | None = None
    example: bool = False
    notes: tuple[str, ...] = ()


@dataclass
class SelfEvalLayout:
    """One form as grid rows, the notes printed under it, and where the indicator block starts."""

    project_no: int
    project: str
    year: int
    rows: list[list[FormCell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    indicator_header_row: int = 0  # 0-based index into ``rows``
    example: bool = False


def score_text(value: float | None) -> str:
    """A score with two decimals (``9.7`` → ``9.70``); missing → empty."""
    return "" if value is None else f"{value:.2f}"


def rate_text(rate: float | None) -> str:
    """A rate as a percentage with two decimals (``0.97`` → ``97.00%``); missing → empty."""
    return "" if rate is None else f"{rate * 100:.2f}%"


def _number(value: float | None, kind: str, col: int, col_span: int = 1) -> FormCell:
    if value is None:
        return FormCell("", col, col_span, kind=kind)
    if kind == SCORE:
        text = score_text(value)
    elif kind == RATE:
        text = rate_text(value)
    elif kind == WEIGHT:
        text = format_compact(value)  # display rounding: 100/3 → 33.33, never 49.99999999999999
    else:
        text = format_number(value)
    return FormCell(text, col, col_span, kind=kind, number=float(value))


def _header_rows(form: SelfEvalSheet) -> list[list[FormCell]]:
    title = f"{FORM_TITLE}（{form.year}年度）"
    if form.example:
        title += f"\n{EXAMPLE_NOTICE}"
    rows = [[FormCell(title, 0, N_COLS, kind=TITLE)]]
    rows += [
        [FormCell("项目名称", 0, 2, kind=LABEL), FormCell(form.project, 2, 7)],
        [
            FormCell("主管部门", 0, 2, kind=LABEL),
            FormCell(form.department, 2, 3),
            FormCell("实施单位", 5, 2, kind=LABEL),
            FormCell(form.implementer, 7, 2),
        ],
    ]
    return rows


def _funding_rows(form: SelfEvalSheet) -> list[list[FormCell]]:
    lines = {line.label: line for line in form.funding}
    unknown = sorted(set(lines) - set(FUNDING_ROWS))
    if unknown:
        raise ValueError(f"资金行名称不在标准自评表中：{unknown}")
    label = f"项目资金\n（{form.amount_unit}）"
    header = [FormCell(label, 0, 1, 1 + len(FUNDING_ROWS), VERTICAL), FormCell("", 1, 2)]
    header += [FormCell(text, 3 + i, kind=LABEL) for i, text in enumerate(FUNDING_COLUMNS)]
    rows = [header]
    for index, name in enumerate(FUNDING_ROWS):
        line = lines.get(name, FundingLine(name))
        row = [
            FormCell(name, 1, 2, kind=LABEL),
            _number(line.initial, AMOUNT, 3),
            _number(line.full, AMOUNT, 4),
            _number(line.executed, AMOUNT, 5),
        ]
        if index == 0:
            row += [
                _number(form.execution_weight, WEIGHT, 6),
                _number(form.execution_rate, RATE, 7),
                _number(form.execution_score, SCORE, 8),
            ]
        else:
            rate = None
            if line.full and line.executed is not None:
                rate = line.executed / line.full
            row += [
                FormCell(DASH, 6, kind=WEIGHT),
                _number(rate, RATE, 7),
                FormCell(DASH, 8, kind=SCORE),
            ]
        rows.append(row)
    return rows


def _goal_rows(form: SelfEvalSheet) -> list[list[FormCell]]:
    return [
        [
            FormCell(vertical("年度总体目标"), 0, 1, 2, VERTICAL),
            FormCell("预期目标", 1, 4, kind=LABEL),
            FormCell("实际完成情况", 5, 4, kind=LABEL),
        ],
        [
            FormCell(form.goal_expected, 1, 4, kind=TEXT),
            FormCell(form.goal_actual, 5, 4, kind=TEXT),
        ],
    ]


def class_weights(lines: tuple[IndicatorLine, ...]) -> dict[str, float]:
    """The sum of 分值 per 一级指标, in order of appearance (rows without 分值 count 0)."""
    groups: dict[str, list[float]] = {}
    for line in lines:
        groups.setdefault(line.level1, []).append(line.weight or 0.0)
    return {level1: float(sum_exact(weights)) for level1, weights in groups.items()}  # exact


def level1_label(level1: str, weight: float) -> str:
    """The 一级 cell with its class weight, as in S6: ``产出指标（50分）``."""
    return f"{level1}（{format_compact(weight)}分）" if level1 else ""


def _runs(values: list[str]) -> list[tuple[int, int]]:
    """(start, length) of each run of equal consecutive values."""
    runs: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if runs and values[runs[-1][0]] == value:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((index, 1))
    return runs


def _indicator_rows(form: SelfEvalSheet) -> list[list[FormCell]]:
    lines = form.indicators
    header = [FormCell(vertical("绩效指标"), 0, 1, len(lines) + 1, VERTICAL)]
    header += [FormCell(text, 1 + i, kind=LABEL) for i, text in enumerate(INDICATOR_COLUMNS)]
    rows: list[list[FormCell]] = [header] + [[] for _ in lines]
    weights = class_weights(lines)
    level1_runs = _runs([line.level1 for line in lines])
    for start, length in level1_runs:
        level1 = lines[start].level1
        rows[1 + start].append(FormCell(level1_label(level1, weights[level1]), 1, 1, length, LABEL))
        level2 = [line.level2 for line in lines[start : start + length]]
        for sub_start, sub_length in _runs(level2):
            at = start + sub_start
            rows[1 + at].append(FormCell(lines[at].level2, 2, 1, sub_length, LABEL))
    for index, line in enumerate(lines):
        rows[1 + index] += [
            FormCell(line.indicator, 3, kind=TEXT),
            FormCell(line.target, 4),
            FormCell(line.actual, 5),
            _number(line.weight, WEIGHT, 6),
            _number(line.score, SCORE, 7),
            FormCell(line.reason, 8, kind=TEXT),
        ]
    return rows


def _total_row(form: SelfEvalSheet) -> list[FormCell]:
    return [
        FormCell("总分", 0, 6, kind=LABEL),
        _number(form.total_weight, WEIGHT, 6),
        _number(form.total, SCORE, 7),
        FormCell("", 8, kind=VALUE),
    ]


def as_form_list(forms: SelfEvalSheet | Sequence[SelfEvalSheet]) -> list[SelfEvalSheet]:
    """One form or several as a non-empty list (``ValueError`` when there is none)."""
    items = [forms] if isinstance(forms, SelfEvalSheet) else list(forms)
    if not items:
        raise ValueError("没有可写出的自评表")
    return items


def check_grid(rows: list[list[FormCell]]) -> None:
    """Raise ``ValueError`` unless every grid position is covered by exactly one cell."""
    grid = [[0] * N_COLS for _ in rows]
    for r, row in enumerate(rows):
        for cell in row:
            if cell.col + cell.col_span > N_COLS or r + cell.row_span > len(rows):
                raise ValueError(f"cell {cell.text!r} at row {r} leaves the grid")
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    grid[r + dr][cell.col + dc] += 1
    for r, counts in enumerate(grid):
        if any(count != 1 for count in counts):
            raise ValueError(f"row {r}: grid positions covered {counts} times")


def selfeval_layout(form: SelfEvalSheet) -> SelfEvalLayout:
    """The grid rows and notes of one 自评表 (see the module docstring for the layout)."""
    rows = _header_rows(form) + _funding_rows(form) + _goal_rows(form)
    header_row = len(rows)
    rows += _indicator_rows(form)
    rows.append(_total_row(form))
    check_grid(rows)
    notes = [EXAMPLE_NOTICE + "：本表数字为演示用示例，非官方数据。"] if form.example else []
    if form.total is not None:
        grade = f"，自评等级：{form.grade}" if form.grade else ""
        notes.append(f"总分 {score_text(form.total)}{grade}。")
    notes += list(form.notes)
    return SelfEvalLayout(
        project_no=form.project_no or 1,
        project=form.project,
        year=form.year,
        rows=rows,
        notes=notes,
        indicator_header_row=header_row,
        example=form.example,
    )


__all__ = [
    "AMOUNT",
    "COLUMN_WIDTHS_CM",
    "EXAMPLE_NOTICE",
    "FORM_TITLE",
    "FUNDING_COLUMNS",
    "FUNDING_ROWS",
    "INDICATOR_COLUMNS",
    "N_COLS",
    "NUMBER_KINDS",
    "RATE",
    "SCORE",
    "WEIGHT",
    "FundingLine",
    "IndicatorLine",
    "SelfEvalSheet",
    "SelfEvalLayout",
    "as_form_list",
    "check_grid",
    "class_weights",
    "level1_label",
    "rate_text",
    "score_text",
    "selfeval_layout",
]
