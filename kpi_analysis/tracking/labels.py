"""Chinese display labels for the scoring and tracking tables (exports, charts).

Columns shared with the tidy tables fall back to :data:`kpi_analysis.display.COLUMN_LABELS`;
flag codes are shown with their descriptions (:func:`kpi_analysis.scoring.describe_flags`).

>>> frame = pd.DataFrame({"year": [2021], "method": ["reverse_ratio"], "flags": ["actual_missing"]})
>>> for_display(frame).to_dict("records")
[{'年度': 2021, '计分方法': '反向指标（比例法）', '提示': '缺少实际完成值'}]
"""

from __future__ import annotations

import pandas as pd

from kpi_analysis import display
from kpi_analysis.scoring import describe_flags

COLUMN_LABELS: dict[str, str] = {
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

VALUE_LABELS: dict[str, dict[object, str]] = {
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
    "aggregation": {"sum": "逐年累加", "latest": "取最近一年", "max": "取最大值"},
    "low_rate_without_reason": {True: "是", False: "否"},
    "exceeds_mid_term": {True: "是", False: "否"},
}


def column_label(column: str) -> str:
    """The Chinese header of ``column`` in tracking tables (the name itself when unknown)."""
    return display.header_for(column, COLUMN_LABELS)


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with coded values and flag codes in Chinese and Chinese column headers."""
    out = display.label_values(frame, {**display.VALUE_LABELS, **VALUE_LABELS})
    if "flags" in out.columns:
        out["flags"] = out["flags"].map(describe_flags, na_action="ignore")
    return out.rename(columns=column_label)
