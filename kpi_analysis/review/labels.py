"""Chinese display labels for the comparison, pacing, funding phasing and findings tables.

Columns shared with the tidy tables fall back to :data:`kpi_analysis.display.COLUMN_LABELS`.

>>> frame = pd.DataFrame({"status": ["same"], "pacing": ["front_loaded"]})
>>> for_display(frame).to_dict("records")
[{'比对结果': '相同', '进度判断': '前期集中'}]

Cross-tabulations over a coded column get Chinese value headers and axis names:

>>> table = pd.crosstab(pd.Series([1], name="project_no"), pd.Series(["same"], name="status"))
>>> shown = for_display(table)
>>> list(shown.columns), shown.columns.name, shown.index.name
(['相同'], '比对结果', '项目序号')
"""

from __future__ import annotations

import pandas as pd

from kpi_analysis import display
from kpi_analysis.schema import INDICATOR_COLUMNS

#: Labels of the columns the comparison repeats per side (``…_mid`` / ``…_annual``).
_SIDES = {
    name: display.COLUMN_LABELS[name]
    for name in (*(column for column, _ in INDICATOR_COLUMNS), "source")
}

COLUMN_LABELS: dict[str, str] = {
    "document": "文件",
    **{f"{name}_mid": f"中期{label}" for name, label in _SIDES.items()},
    **{f"{name}_annual": f"年度{label}" for name, label in _SIDES.items()},
    "year_start_mid": "中期起始年度",
    "year_end_mid": "中期截止年度",
    "year_annual": "年度年份",
    "status": "比对结果",
    "match_score": "名称相似度",
    "unit": "计量单位",
    "basis": "比较口径",
    "years": "中期年数",
    "expected_annual": "中期折合年度目标",
    "annual_per_year": "年度目标（折合全年）",
    "ratio": "年度/中期进度比",
    "pacing": "进度判断",
    "mid_total": "中期资金总额（万元）",
    "mid_fiscal": "中期财政拨款（万元）",
    "mid_other": "中期其他资金（万元）",
    "annual_total": "年度资金总额（万元）",
    "annual_fiscal": "年度财政拨款（万元）",
    "annual_other": "年度其他资金（万元）",
    "phasing_ratio": "中期/（年度×年数）",
    "phasing": "资金安排判断",
    "mid_identity_gap": "中期资金差额（万元）",
    "annual_identity_gap": "年度资金差额（万元）",
    "mid_covers_annual": "中期不少于年度",
    "budget_wan": "项目说明年度预算（万元）",
    "budget_gap": "年度预算差额（万元）",
    "rule": "规则",
    "rule_name": "规则名称",
    "findings": "问题数",
    "error": "错误",
    "warning": "警告",
    "info": "提示",
    "total": "合计",
    "rules": "涉及规则",
}

VALUE_LABELS: dict[str, dict[object, str]] = {
    "status": {
        "same": "相同",
        "target_changed": "指标值变化",
        "text_changed": "名称变化",
        "annual_only": "仅年度有",
        "mid_term_only": "仅中期有",
        "placeholder": "空白模板行",
    },
    "pacing": {
        "consistent": "一致",
        "front_loaded": "前期集中",
        "back_loaded": "后期集中",
        "subset": "年度为中期的一部分",
        "exceeds_mid_term": "年度超过中期",
        "unit_mismatch": "单位不一致",
        "comparator_mismatch": "方向不一致",
        "not_comparable": "无法比较",
    },
    "basis": {"cumulative": "中期累计", "level": "水平值"},
    "phasing": {"even": "均衡", "uneven": "不均衡", "not_comparable": "无法比较"},
    "mid_covers_annual": {True: "是", False: "否"},
    "kind_mid": display.VALUE_LABELS["kind"],
    "kind_annual": display.VALUE_LABELS["kind"],
}

SHEET_LABELS = {
    "findings": "审核发现",
    "comparison": "年度与中期指标比对",
    "funding_phasing": "资金安排比对",
}

#: Chinese labels of the severities, in order.
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def column_label(column: str) -> str:
    """The Chinese header of ``column`` in review tables (the column name itself when unknown)."""
    return display.header_for(column, COLUMN_LABELS)


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with coded values in Chinese and Chinese column headers.

    The findings table keeps its ``basis`` text; its header reads 依据 (in the comparison,
    ``basis`` is the 比较口径 code).
    """
    out = frame.copy()
    labels = {**display.VALUE_LABELS, **VALUE_LABELS}
    axis = out.columns.name
    if axis in labels:  # a cross-tabulation: its columns are coded values, its cells counts
        out = out.rename(columns=lambda v: labels[axis].get(v, v))
        out.columns.name = column_label(axis)
    else:
        is_findings = "rule" in out.columns and "message" in out.columns
        out = display.label_values(out, labels, skip=("basis",) if is_findings else ())
        renames = {column: column_label(column) for column in out.columns}
        if is_findings:
            renames["basis"] = "依据"
        out = out.rename(columns=renames)
        out.columns.name = column_label(axis) if isinstance(axis, str) else axis
    out.index.names = [column_label(n) if isinstance(n, str) else n for n in out.index.names]
    return out
