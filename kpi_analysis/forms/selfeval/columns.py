"""Header rows of a 项目支出绩效自评表: which column holds what, found by label.

Two blocks have a header row that names their columns:

* the funding block: 年初预算数 | 全年预算数 (调整后预算数) | 全年执行数 (预算执行数) |
  分值 (权重) | 执行率 | 得分 | 原因 (the Sichuan variant adds 原因);
* the indicator block: 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 (完成值) | 分值 (权重) | 得分 |
  偏差原因分析及改进措施 (未完成原因分析), with 指标性质 / 度量单位 where the template has them.

Labels are matched on a key (see :func:`key`), never by position. A data row is read through
:func:`cover_map`, so a cell merged across several grid columns is found under any of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kpi_analysis.forms.cells import positions
from kpi_analysis.forms.targets.columns import LEVEL_ROLES
from kpi_analysis.readers.grid import Cell
from kpi_analysis.text.vocabulary import label_key

UNIT_NOTE = re.compile(r"\((万元|元|盖章|签章|公章)\)")
NUMBERING = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)[.．、]")

INDICATOR_ROLES = {
    **LEVEL_ROLES,
    "指标名称": "indicator",
    "指标内容": "indicator",
    "年度指标值": "target",
    "指标值": "target",
    "年度目标值": "target",
    "目标值": "target",
    "预期指标值": "target",
    "全年指标值": "target",
    "实际完成值": "actual",
    "完成值": "actual",
    "全年实际完成值": "actual",
    "实际值": "actual",
    "全年完成值": "actual",
    "实际完成情况": "actual",
    "分值": "weight",
    "权重": "weight",
    "指标分值": "weight",
    "得分": "score",
    "自评得分": "score",
    "偏差原因分析及改进措施": "reason",
    "偏差原因分析及改进": "reason",
    "偏差原因分析": "reason",
    "未完成原因分析": "reason",
    "未完成原因分析及改进措施": "reason",
    "偏差原因": "reason",
    "原因分析": "reason",
    "指标性质": "value_type",
    "指标值类型": "value_type",
    "度量单位": "unit",
    "计量单位": "unit",
}
FUNDING_ROLES = {
    "年初预算数": "budget_initial",
    "年初预算": "budget_initial",
    "年初预算金额": "budget_initial",
    "全年预算数": "budget_full",
    "调整后预算数": "budget_full",
    "调整后预算": "budget_full",
    "全年预算": "budget_full",
    "全年执行数": "executed",
    "预算执行数": "executed",
    "全年执行": "executed",
    "执行数": "executed",
    "实际执行数": "executed",
    "分值": "weight",
    "权重": "weight",
    "执行率": "rate",
    "预算执行率": "rate",
    "得分": "score",
    "原因": "reason",
    "原因说明": "reason",
    "偏差原因": "reason",
}
INDICATOR_CORE = {"level1", "level2", "indicator", "target"}


@lru_cache(maxsize=8192)
def key(text: str | None) -> str:
    """A label key: :func:`~kpi_analysis.text.vocabulary.label_key` without units, 盖章 or
    numbering.

    >>> key("实施单位 (盖章)"), key("年度预算数(万元)"), key("2.项目实施内容及过程概述")
    ('实施单位', '年度预算数', '项目实施内容及过程概述')
    """
    folded = UNIT_NOTE.sub("", label_key(text))
    return NUMBERING.sub("", folded).strip("：:")


#: Labels only a self-evaluation header has (an indicator header needs 实际完成值 or 得分, a
#: funding header 全年执行数): a table without any of them has neither header.
SELFEVAL_ONLY_LABELS = frozenset(
    [label for label, role in INDICATOR_ROLES.items() if role in ("actual", "score")]
    + [label for label, role in FUNDING_ROLES.items() if role == "executed"]
)


def has_selfeval_labels(cells: list[Cell]) -> bool:
    """True when some cell carries a label only self-evaluation headers have."""
    return any(key(c.text) in SELFEVAL_ONLY_LABELS for c in cells if c.text)


def cover_map(row: list[Cell]) -> dict[int, tuple[int, Cell]]:
    """Grid column → (start column, cell) for every column a cell of ``row`` covers."""
    out: dict[int, tuple[int, Cell]] = {}
    for col, cell in positions(row):
        for c in range(col, col + max(cell.col_span, 1)):
            out[c] = (col, cell)
    return out


@dataclass
class Columns:
    """Column positions of one header row by role, and the header's label cells."""

    roles: dict[str, int] = field(default_factory=dict)
    labels: list[Cell] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # role → printed header text

    def first_data_col(self) -> int:
        """The leftmost column of the block's values."""
        return min(self.roles.values())


def _header(row: list[Cell], roles: dict[str, str]) -> Columns:
    found = Columns()
    for col, cell in positions(row):
        if cell.is_empty:
            continue
        role = roles.get(key(cell.text))
        if role is not None and role not in found.roles:
            found.roles[role] = col
            found.names[role] = key(cell.text)
            found.labels.append(cell)
    return found


def indicator_header(row: list[Cell]) -> Columns | None:
    """The columns of an indicator header row, or None when ``row`` is not one.

    A header names at least three of 一级/二级/三级/指标值 and an 实际完成值 or 得分 column.
    """
    found = _header(row, INDICATOR_ROLES)
    roles = set(found.roles)
    if len(roles & INDICATOR_CORE) >= 3 and "indicator" in roles and roles & {"actual", "score"}:
        return found
    return None


def funding_header(row: list[Cell]) -> Columns | None:
    """The columns of a funding header row (全年预算数 and 全年执行数 among them), or None."""
    found = _header(row, FUNDING_ROLES)
    roles = set(found.roles)
    if {"budget_full", "executed"} <= roles and len(roles) >= 3:
        return found
    return None
