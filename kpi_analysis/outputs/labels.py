"""Chinese display labels for columns, sheets and coded values: the one display map.

The tidy tables and the analyses keep English snake_case columns and coded values; these
mappings are applied only when a table is shown to people (exports, notebooks, charts).
Shared columns are labelled once in :data:`COLUMN_LABELS`; a *subject* (``"review"`` for the
comparison, pacing, phasing and findings tables, ``"tracking"`` for scoring and multi-year
tracking) adds or overrides the labels its tables need.

>>> compared = pd.DataFrame({"status": ["same"], "pacing": ["front_loaded"]})
>>> for_display(compared, "review").to_dict("records")
[{'比对结果': '相同', '进度判断': '前期集中'}]
>>> frame = pd.DataFrame({"year": [2021], "method": ["reverse_ratio"], "flags": ["actual_missing"]})
>>> for_display(frame, "tracking").to_dict("records")
[{'年度': 2021, '计分方法': '反向指标（比例法）', '提示': '缺少实际完成值'}]

Cross-tabulations over a coded column get Chinese value headers and axis names:

>>> table = pd.crosstab(pd.Series([1], name="project_no"), pd.Series(["same"], name="status"))
>>> shown = for_display(table, "review")
>>> list(shown.columns), shown.columns.name, shown.index.name
(['相同'], '比对结果', '项目序号')
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Literal

import pandas as pd

from kpi_analysis.analysis.compare import COMPARISON, FUNDING_PHASING, PACING
from kpi_analysis.analysis.review.rules import FINDINGS as REVIEW_FINDINGS
from kpi_analysis.analysis.scoring import describe_flags
from kpi_analysis.analysis.scoring.engine import SCORES, SUMMARY
from kpi_analysis.analysis.scoring.execution import EXECUTION
from kpi_analysis.tables.schema import (
    AMOUNT_WAN,
    COUNT,
    INDICATOR_COLUMNS,
    NUMBER,
    RATE,
    SCORE,
    TABLES,
    TableSchema,
)

Subject = Literal["tables", "review", "tracking"]

#: Labels of a boolean column.
YES_NO: Mapping[object, str] = {True: "是", False: "否"}

COLUMN_LABELS = {
    "source": "来源单元格",
    "review_note": "目标审核发现",
    "project_no": "项目序号",
    "project": "项目名称",
    "department": "主管部门",
    "implementer": "实施单位",
    "attribute": "项目属性",
    "term": "项目期",
    "start": "开始日期",
    "end": "结束日期",
    "annual_budget_wan": "年度预算安排（万元）",
    "basis": "立项依据",
    "content": "项目内容",
    "period": "期间",
    "year_start": "起始年度",
    "year_end": "截止年度",
    "category": "资金类别",
    "amount_wan": "金额（万元）",
    "goal_no": "目标序号",
    "goal": "绩效目标",
    "level1": "一级指标",
    "level2": "二级指标",
    "indicator_no": "指标序号",
    "indicator": "三级指标",
    "target": "指标值",
    "standard": "绩效标准",
    "kind": "指标值类型",
    "comparator": "比较符",
    "value": "数值",
    "unit": "计量单位",
    "per": "频度",
    "placeholder": "空白模板行",
    "severity": "严重程度",
    "code": "问题代码",
    "message": "说明",
    "text": "单元格文字",
}

SHEET_LABELS = {
    "projects": "项目",
    "funding": "资金",
    "goals": "绩效目标",
    "indicators": "绩效指标",
    "findings": "读取问题",
}

VALUE_LABELS = {
    "period": {"mid_term": "中期", "annual": "年度"},
    "category": {
        "total": "资金总额",
        "fiscal": "财政拨款",
        "carryover": "上年结转",
        "other": "其他资金",
    },
    "kind": {
        "quantitative": "定量",
        "timing": "时限",
        "qualitative": "定性",
        "placeholder": "占位符",
        "empty": "空",
    },
    "severity": {"error": "错误", "warning": "警告", "info": "提示"},
    "placeholder": YES_NO,
}

#: Labels of the columns the comparison repeats per side (``…_mid`` / ``…_annual``).
_SIDES = {
    name: COLUMN_LABELS[name] for name in (*(column for column, _ in INDICATOR_COLUMNS), "source")
}

REVIEW_COLUMN_LABELS: dict[str, str] = {
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

REVIEW_VALUE_LABELS: dict[str, dict[object, str]] = {
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
        "basis_unclear": "口径不明",
    },
    "basis": {"cumulative": "中期累计", "level": "水平值", "unclear": "口径不明"},
    "phasing": {"even": "均衡", "uneven": "不均衡", "not_comparable": "无法比较"},
    "mid_covers_annual": YES_NO,
    "kind_mid": VALUE_LABELS["kind"],
    "kind_annual": VALUE_LABELS["kind"],
}

REVIEW_SHEET_LABELS = {
    "findings": "审核发现",
    "comparison": "年度与中期指标比对",
    "funding_phasing": "资金安排比对",
}

#: Chinese labels of the severities, in order.
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

TRACKING_COLUMN_LABELS: dict[str, str] = {
    "year": "年度",
    "target_period": "目标来源",
    "actual": "实际完成值",
    "weight": "分值",
    "weight_basis": "分值依据",
    "method": "计分方法",
    "band": "定性档次",
    "completion": "完成率",
    "score": "得分（计算）",
    "published_score": "得分（表中）",
    "score_diff": "得分差（表中−计算）",
    "reason": "偏差原因",
    "explanation": "计分说明",
    "flags": "提示",
    "profile": "评分规则",
    "target_note": "目标说明",
    "data_source": "数据来源",
    "data_note": "数据说明",
    "execution_rate": "预算执行率",
    "execution_score": "预算执行率得分",
    "indicator_weight": "指标分值合计",
    "indicator_score": "指标得分合计",
    "total": "总分（计算）",
    "grade": "等级",
    "published_total": "总分（表中）",
    "total_diff": "总分差（表中−计算）",
    "unscored": "未计分指标数",
    "annual_budget": "年度预算安排（万元）",
    "budget_initial": "年初预算数（万元）",
    "budget_full": "全年预算数（万元）",
    "executed": "全年执行数（万元）",
    "low_rate_without_reason": "执行率低于90%且未说明原因",
    "cumulative_executed": "累计执行数（万元）",
    "mid_term_total": "中期资金总额（万元）",
    "mid_term_years": "中期年度",
    "cumulative_share": "累计执行占中期资金比例",
    "remaining": "中期剩余资金（万元）",
    "exceeds_mid_term": "累计执行超过中期资金",
    "note": "说明",
    "mid_target": "中期指标值",
    "mid_years": "中期年度",
    "aggregation": "累计方式",
    "aggregation_note": "累计方式说明",
    "year_indicator": "当年指标名称",
    "year_target": "当年指标值",
    "year_actual": "当年实际完成值",
    "year_completion": "当年完成率",
    "cumulative": "累计完成值",
    "progress": "中期目标完成进度",
    "expected_share": "按年度进度应完成比例",
    "pace": "进度比（累计 ÷ 应完成）",
    "pace_shown": "进度比（显示值）",
    "status": "状态",
    "colour": "颜色",
    "bands": "状态分档",
    "from_document": "原文件",
    "to_document": "新文件",
    "from_years": "原中期年度",
    "to_years": "新中期年度",
    "change": "变化代码",
    "change_label": "变化",
    "indicator_from": "原三级指标",
    "indicator_to": "新三级指标",
    "target_from": "原指标值",
    "target_to": "新指标值",
    "source_from": "原单元格",
    "source_to": "新单元格",
    "document": "文件",
    "indicators": "指标数",
    "direction": "指标方向",
    "colour_name": "颜色名称",
    "range": "范围",
}

TRACKING_VALUE_LABELS: dict[str, dict[object, str]] = {
    "target_period": {"annual": "年度目标", "mid_term": "中期目标"},
    "weight_basis": {
        "given": "表中填写",
        "equal_split": "类内平均分配",
        "unknown_class": "一级指标不在规则中",
    },
    "method": {
        "positive": "正向指标",
        "equal": "等于指标",
        "equal_zero": "等于指标（目标为0）",
        "reverse_ratio": "反向指标（比例法）",
        "reverse_linear_2x": "反向指标（线性法）",
        "qualitative": "定性指标",
        "unscored": "未计分",
    },
    "aggregation": {
        "sum": "逐年累加",
        "latest": "取最近一年",
        "max": "取最大值",
        "unclear": "口径不明",
    },
    "low_rate_without_reason": YES_NO,
    "exceeds_mid_term": YES_NO,
}


#: The schemas of the tables written under these names (sheet or table names): their
#: columns' display kinds give the workbook's number formats.
TABLE_SCHEMAS: Mapping[str, TableSchema] = {
    **TABLES,
    "comparison": COMPARISON,
    "pacing": PACING,
    "funding_phasing": FUNDING_PHASING,
    "review_findings": REVIEW_FINDINGS,
    "scores": SCORES,
    "summary": SUMMARY,
    "execution": EXECUTION,
}

#: Display kinds of the columns of derived tables that have no schema (multi-year funding
#: and progress, review counts, band legends), declared here beside their labels. A column
#: in neither a schema nor this map is shown as it is (no number format).
DERIVED_KINDS: Mapping[str, str] = {
    "annual_budget": AMOUNT_WAN,
    "budget_initial": AMOUNT_WAN,
    "budget_full": AMOUNT_WAN,
    "executed": AMOUNT_WAN,
    "cumulative_executed": AMOUNT_WAN,
    "mid_term_total": AMOUNT_WAN,
    "remaining": AMOUNT_WAN,
    "execution_rate": RATE,
    "execution_score": SCORE,
    "cumulative_share": RATE,
    "year_completion": RATE,
    "progress": RATE,
    "expected_share": RATE,
    "pace": NUMBER,
    "findings": COUNT,
    "error": COUNT,
    "warning": COUNT,
    "info": COUNT,
    "indicators": COUNT,
}


def column_kinds(
    columns: Collection[object], schema: TableSchema | None = None
) -> dict[object, str | None]:
    """The display kind of each column: the schema's (when it has the column), else
    :data:`DERIVED_KINDS`, else the kind declared for the column by any table in
    :data:`TABLE_SCHEMAS` (a frame of several tables' columns); None when undeclared.

    >>> column_kinds(["amount_wan", "project", "total_score"])
    {'amount_wan': 'amount_wan', 'project': 'text', 'total_score': None}
    >>> column_kinds(["total"], TABLE_SCHEMAS["summary"])
    {'total': 'score'}
    """
    known = schema.kinds if schema is not None else {}
    out: dict[object, str | None] = {}
    for column in columns:
        if column in known:
            out[column] = known[column]
        elif column in DERIVED_KINDS:
            out[column] = DERIVED_KINDS[column]
        else:
            out[column] = _ANY_SCHEMA_KINDS.get(column)  # type: ignore[call-overload]
    return out


def label_values(
    frame: pd.DataFrame, labels: Mapping[str, Mapping], skip: Collection[str] = ()
) -> pd.DataFrame:
    """A copy whose columns named in ``labels`` (except ``skip``) show their values' labels.

    Values without a label are kept as they are.
    """
    out = frame.copy()
    for column, mapping in labels.items():
        if column in out.columns and column not in skip:
            out[column] = out[column].map(lambda v, m=mapping: m.get(v, v), na_action="ignore")
    return out


def header_for(column: str, subject: Subject = "tables") -> str:
    """The Chinese header of ``column``: the subject's label first, then the shared one;
    the column name itself when neither knows it.

    >>> header_for("project"), header_for("status", "review"), header_for("status", "tracking")
    ('项目名称', '比对结果', '状态')
    >>> header_for("x")
    'x'
    """
    own = SUBJECT_COLUMNS[subject]
    if column in own:
        return own[column]
    return COLUMN_LABELS.get(column, column)


SUBJECT_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "tables": {},
    "review": REVIEW_COLUMN_LABELS,
    "tracking": TRACKING_COLUMN_LABELS,
}
SUBJECT_VALUES: Mapping[str, Mapping[str, Mapping[object, str]]] = {
    "tables": {},
    "review": REVIEW_VALUE_LABELS,
    "tracking": TRACKING_VALUE_LABELS,
}


def for_display(frame: pd.DataFrame, subject: Subject = "tables") -> pd.DataFrame:
    """A copy with coded values in Chinese and Chinese column headers.

    A findings table keeps its ``basis`` text under the header 依据 (elsewhere ``basis`` is
    a code); flag codes are shown with their descriptions.
    """
    out = frame.copy()
    labels = {**VALUE_LABELS, **SUBJECT_VALUES[subject]}
    axis = out.columns.name
    if axis in labels:  # a cross-tabulation: its columns are coded values, its cells counts
        out = out.rename(columns=lambda v: labels[axis].get(v, v))
        out.columns.name = header_for(axis, subject)
    else:
        is_findings = "rule" in out.columns and "message" in out.columns
        out = label_values(out, labels, skip=("basis",) if is_findings else ())
        if "flags" in out.columns:
            out["flags"] = out["flags"].map(describe_flags, na_action="ignore")
        renames = {column: header_for(column, subject) for column in out.columns}
        if is_findings:
            renames["basis"] = "依据"
        out = out.rename(columns=renames)
        out.columns.name = header_for(axis, subject) if isinstance(axis, str) else axis
    out.index.names = [header_for(n, subject) if isinstance(n, str) else n for n in out.index.names]
    return out


def kind_shares_display(shares: pd.DataFrame) -> pd.DataFrame:
    """:func:`kind_shares` with Chinese row and column labels."""
    out = shares.rename(index=VALUE_LABELS["kind"], columns=VALUE_LABELS["period"])
    out.index.name = "指标值类型"
    return out


def _any_schema_kinds() -> dict[str, str]:
    """Column → kind over every registered schema (the first declaration wins)."""
    declared: dict[str, str] = {}
    for schema in TABLE_SCHEMAS.values():
        for name, kind in schema.kinds.items():
            declared.setdefault(name, kind)
    return declared


_ANY_SCHEMA_KINDS = _any_schema_kinds()
