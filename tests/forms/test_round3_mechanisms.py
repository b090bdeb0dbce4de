"""Mechanisms for layouts met in the third round of public forms, each on a small grid.

A comparator printed in a column headed otherwise (指标方向 holding 大于等于 while 指标性质
holds 正向), goal headers that carry an achievement column or name the goal column only by its
head word (总体目标), a 一级 cell that prints only its points ((50分)), label-value funding
pairs stacked over two rows with amounts in 万, and the 上年结转 line of target forms.
"""

from __future__ import annotations

import pandas as pd
import pytest
from review_examples import funding as funding_table
from test_reading_mechanisms import accounted, document
from test_selfeval_layouts import assert_accounted, read

from kpi_analysis.analysis.compare import funding_phasing
from kpi_analysis.forms.document import interpret_document
from kpi_analysis.forms.selfeval.values import is_goal_head, parse_number
from kpi_analysis.tables import schema
from kpi_analysis.text.grammar import comparator_symbol, parse_target
from kpi_analysis.text.headwords import field_of, is_achievement_label


def codes(doc) -> list[str]:
    return [f["code"] for f in interpret_document(doc).recorder.findings]


# -- text ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("大于等于", "≥"),
        ("小于或等于", "≤"),
        ("不低于", "≥"),
        ("等于", "="),
        (" ≧ ", "≥"),
        ("＞=", "≥"),
        ("<=", "≤"),
        ("正向", None),
        ("定性", None),
        ("≥95%", None),
        ("", None),
    ],
)
def test_comparator_symbol_of_a_cell(text: str, symbol: str | None) -> None:
    assert comparator_symbol(text) == symbol


def test_achievement_and_goal_head_words() -> None:
    assert is_achievement_label("年度总体目标完成情况") and is_achievement_label("实际完成情况")
    assert not is_achievement_label("指标完成情况") and not is_achievement_label("年度目标")
    assert is_goal_head("总体目标") and is_goal_head("绩效目标")
    assert not is_goal_head("绩效指标") and not is_goal_head("总体目标完成情况")


@pytest.mark.parametrize(
    ("label", "field"),
    [("项目单位", "department"), ("所属单位", "department"), ("项目承担单位", "implementer")],
)
def test_unit_labels_by_head_word(label: str, field: str) -> None:
    assert field_of(label) == field
    assert field_of("计量单位") is None


def test_amount_in_wan_written_with_wan_alone() -> None:
    number = parse_number("5.8万")
    assert (number.value, number.unit) == (5.8, "万元")
    assert not parse_number("万").ok


# -- target forms ----------------------------------------------------------------------------
DIRECTION_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标方向",
    "目标值",
    "计量单位",
]


def test_comparator_found_by_content_in_a_direction_column() -> None:
    doc = document(
        ["项目名称", "甲", "", "", "", "", ""],
        DIRECTION_HEADER,
        ["产出指标", "数量指标", "采购数量", "正向", "大于等于", "10", "台"],
        ["", "成本指标", "购置成本", "反向", "小于等于", "12", "万元"],
        ["", "时效指标", "完成时间", "定性", "", "11月底之前", ""],
    )
    rows = interpret_document(doc).indicators
    parsed = [parse_target(r["target"]) for r in rows]
    assert [(p.comparator, p.value, p.unit) for p in parsed[:2]] == [
        ("≥", 10.0, "台"),
        ("≤", 12.0, "万元"),
    ]
    assert rows[2]["target"] == "11月底之前"
    assert codes(doc).count("extra_column") >= 2  # 正向 / 反向 reported, not joined
    assert accounted(doc)


def test_a_comparator_column_that_holds_a_comparator_is_kept() -> None:
    doc = document(
        ["项目名称", "甲", "", "", "", "", ""],
        DIRECTION_HEADER,
        ["产出指标", "数量指标", "采购数量", "≥", "正向", "10", "台"],
    )
    assert interpret_document(doc).indicators[0]["target"] == "≥10台"


def test_goal_header_with_an_empty_achievement_column() -> None:
    doc = document(
        ["项目名称", "甲", "", ""],
        ["总体目标", "年度目标", "", "年度总体目标完成情况"],
        ["", "为村集体增收6万元以上，带动游客观光", "", ""],
    )
    out = interpret_document(doc)
    assert [(g["period"], g["goal"]) for g in out.goals] == [
        ("annual", "为村集体增收6万元以上，带动游客观光")
    ]
    assert accounted(doc)


def test_achievement_text_on_a_target_form_is_reported() -> None:
    doc = document(
        ["项目名称", "甲", ""],
        ["年度目标", "", "目标完成情况"],
        ["完成改造任务", "", "已完成"],
    )
    out = interpret_document(doc)
    assert [g["goal"] for g in out.goals] == ["完成改造任务"]
    assert "goal_achievement" in codes(doc)
    assert accounted(doc)


def _funding_doc(total: str, fiscal: str, carryover: str, other: str):
    return document(
        ["项目名称", "甲", ""],
        ["项目资金", "年度资金总额:", total],
        ["", "其中:财政拨款", fiscal],
        ["", "上年结转", carryover],
        ["", "其他资金", other],
    )


def test_carryover_is_a_line_beside_fiscal_and_other() -> None:
    doc = _funding_doc("10", "6", "4", "0")
    got = [(f["category"], f["amount_wan"]) for f in interpret_document(doc).funding]
    assert got == [("total", 10.0), ("fiscal", 6.0), ("other", 0.0), ("carryover", 4.0)]
    assert "carryover_in_fiscal" not in codes(doc)
    assert accounted(doc)


def test_carryover_inside_fiscal_is_kept_and_said() -> None:
    doc = _funding_doc("10", "10", "4", "0")  # total = 财政拨款 + 其他: 上年结转 is inside
    got = {f["category"]: f["amount_wan"] for f in interpret_document(doc).funding}
    assert got["carryover"] == 4.0 and got["fiscal"] == 10.0
    assert "carryover_in_fiscal" in codes(doc)


def test_identity_gap_counts_a_carryover_line_once() -> None:
    frame = funding_table((90.0, 90.0, 0.0), (10.0, 6.0, 0.0))
    carry = frame[(frame["period"] == "annual") & (frame["category"] == "fiscal")].copy()
    carry["category"], carry["amount_wan"] = "carryover", 4.0
    assert funding_phasing(frame).iloc[0]["annual_identity_gap"] == pytest.approx(4.0)
    both = schema.FUNDING.coerce(pd.concat([frame, carry], ignore_index=True))
    assert funding_phasing(both).iloc[0]["annual_identity_gap"] == 0.0
    carry["amount_wan"] = 3.0  # a carryover that does not close the gap leaves it as it is
    off = schema.FUNDING.coerce(pd.concat([frame, carry], ignore_index=True))
    assert funding_phasing(off).iloc[0]["annual_identity_gap"] == pytest.approx(4.0)


# -- self-evaluation forms -------------------------------------------------------------------
INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def test_level1_cell_with_only_its_points() -> None:
    rows = [
        ["项目名称", "防震减灾", "", "", "", "", ""],
        INDICATOR_HEADER,
        ["(50分)", "数量指标", "培训人数", "200", "200余人", "10", "10"],
        ["", "时效指标", "培训时限", "11月底前", "10月", "5", "5"],
        ["(30分)", "社会效益指标", "宣传覆盖", "≥90%", "95%", "30", "30"],
    ]
    se = read(rows, ("2021年度项目支出绩效自评表",))
    got = se.indicators[["level1", "level2", "indicator"]].values.tolist()
    assert got == [
        ["产出指标", "数量指标", "培训人数"],
        ["产出指标", "时效指标", "培训时限"],
        ["效益指标", "社会效益指标", "宣传覆盖"],
    ]
    assert se.indicators["level1_weight"].tolist() == [50.0, 50.0, 30.0]
    assert "level1_inferred" in set(se.findings["code"])
    assert "level1_unknown" not in set(se.findings["code"])
    assert_accounted(se)


def test_goal_column_named_by_its_head_word() -> None:
    rows = [
        ["转移支付(项目)名称", "就业补助资金", "", "", ""],
        ["总体目标完成情况", "总体目标", "", "全年实际完成情况", ""],
        ["", "落实就业扶持政策", "", "各项指标均按要求完成", ""],
    ]
    se = read(rows, ("2024年度就业补助资金绩效自评表",))
    assert se.goals[["goal", "achieved"]].values.tolist() == [
        ["落实就业扶持政策", "各项指标均按要求完成"]
    ]
    assert_accounted(se)


def test_label_value_funding_pairs_stacked_over_two_rows() -> None:
    rows = [
        ["单位名称", "某局", "", "", ""],
        ["预算执行情况(万元)", "转移支付预算数(A)", "5.8万", "预算执行率(B/A)", "100%"],
        ["", "转移支付执行数(B)", "5.6万", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "完成值"],
        ["产出指标", "数量指标", "抽检批次", "≥3", "4"],
    ]
    se = read(rows, ("2021年专项资金区域绩效目标自评表",))
    line = se.funding.iloc[0]
    assert (line["category"], line["budget_full"], line["executed"]) == ("total", 5.8, 5.6)
    assert line["rate"] == pytest.approx(1.0) and pd.isna(line["score"])
    assert len(se.funding) == 1
    assert se.indicators["indicator"].tolist() == ["抽检批次"]
    assert_accounted(se)


def test_a_budget_pair_without_its_executed_row_is_no_funding_line() -> None:
    rows = [
        ["项目名称", "甲", "", "", ""],
        ["", "预算数", "5.8", "", ""],
        ["", "执行数", "5.6", "说明文字", ""],  # not only the pair: not read with the row above
    ]
    se = read(rows, ("2021年度项目支出绩效自评表",))
    assert se.funding.empty or not (se.funding["executed"] == 5.6).any()
