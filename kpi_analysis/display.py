"""Chinese display labels for columns, sheets and coded values (exports and charts).

The tidy tables keep English snake_case columns; these mappings are applied only when a
table is shown to people.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

COLUMN_LABELS = {
    "source": "来源单元格",
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
    "category": {"total": "资金总额", "fiscal": "财政拨款", "other": "其他资金"},
    "kind": {
        "quantitative": "定量",
        "timing": "时限",
        "qualitative": "定性",
        "placeholder": "占位符",
        "empty": "空",
    },
    "severity": {"error": "错误", "warning": "警告", "info": "提示"},
    "placeholder": {True: "是", False: "否"},
}


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


def header_for(column: str, own: Mapping[str, str] | None = None) -> str:
    """The Chinese header of ``column``: a table's ``own`` label first, then the shared one;
    the column name itself when neither knows it.

    >>> header_for("project"), header_for("project", {"project": "项目"}), header_for("x")
    ('项目名称', '项目', 'x')
    """
    if own is not None and column in own:
        return own[column]
    return COLUMN_LABELS.get(column, column)


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with coded values in Chinese and Chinese column headers."""
    return label_values(frame, VALUE_LABELS).rename(columns=COLUMN_LABELS)
