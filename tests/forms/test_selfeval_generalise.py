"""Self-evaluation mechanisms from issue #12 (transfer / county templates, OCR'd 一级 labels).

Small grids cut from public layouts (zoo d36–d40): header fields named by head word
(县级主管部门, 转移支付(项目)名称, 资金使用单位), a transfer's 中央主管部门 kept apart from the
form's department, and 一级 classes inferred from the 二级 when the printed 一级 cell is missing,
unreadable or only a score.
"""

from __future__ import annotations

import pytest
from test_selfeval_layouts import assert_accounted, read

from kpi_analysis.forms.selfeval.form import field_name
from kpi_analysis.text.vocabulary import level1_of

INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("县级主管部门", "department"),
        ("地方主管部门", "department"),
        ("转移支付(项目)名称", "project"),
        ("转移支付（项目）名称", "project"),
        ("资金使用单位", "implementer"),
        ("项目实施单位", "implementer"),
        ("中央主管部门", None),
    ],
)
def test_header_fields_by_head_word(label: str, field: str | None) -> None:
    assert field_name(label) == field


def test_transfer_form_header_fields() -> None:
    rows = [
        ["转移支付(项目)名称", "非物质文化遗产保护资金", "", ""],
        ["中央主管部门", "文化和旅游部", "", ""],
        ["地方主管部门", "自治区文化和旅游厅", "资金使用单位", "某县文化馆"],
        ["资金情况(万元)", "全年预算数(A)", "全年执行数(B)", "预算执行率(B/A)"],
        ["年度资金总额:", "2118", "2118", "100%"],
        ["其中:中央财政资金", "2118", "2118", "100%"],
    ]
    se = read(rows, ("中央非物质文化遗产保护资金转移支付绩效目标自评表", "(2021年度)"))
    totals = se.totals.iloc[0]
    assert totals["project"] == "非物质文化遗产保护资金"
    assert totals["department"] == "自治区文化和旅游厅"
    assert totals["implementer"] == "某县文化馆"
    assert list(se.funding["budget_full"].dropna()) == [2118, 2118]


def test_level1_of_canonical_level2() -> None:
    assert [level1_of(n) for n in ("数量指标", "成本指标", "可持续影响指标")] == [
        "产出指标",
        "产出指标",
        "效益指标",
    ]
    assert level1_of("服务对象满意度指标") == "满意度指标"
    assert level1_of("过程指标") is None and level1_of(None) is None


@pytest.mark.parametrize("printed", ["", "出标产指"])
def test_level1_inferred_when_missing_or_unreadable(printed: str) -> None:
    rows = [
        ["项目名称", "渔业补贴", "", "", "", "", ""],
        ["", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "分值", "得分"],
        [printed, "数量指标", "补贴渔船数", "6", "6", "20", "20"],
        ["", "服务对象满意度", "退捕渔民满意度", "90%", "95%", "10", "10"],
    ]
    se = read(rows, ("2020年度项目自评表",))
    got = se.indicators[["level1", "level2", "indicator"]].values.tolist()
    assert got == [
        ["产出指标", "数量指标", "补贴渔船数"],
        ["满意度指标", "服务对象满意度指标", "退捕渔民满意度"],
    ]
    assert "level1_inferred" in set(se.findings["code"])
    assert_accounted(se)


def test_printed_level1_is_kept_over_the_inference() -> None:
    rows = [
        ["项目名称", "道路养护", "", "", "", "", ""],
        INDICATOR_HEADER,
        ["效益指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10"],
    ]
    se = read(rows, ("2023年度项目支出绩效自评表",))
    assert se.indicators.iloc[0]["level1"] == "效益指标"
    assert "level1_inferred" not in set(se.findings["code"])
