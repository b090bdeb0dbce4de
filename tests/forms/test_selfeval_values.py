"""Cell values and labels of the self-evaluation form: numbers, rates, lines, headers."""

from __future__ import annotations

import pytest

from kpi_analysis.forms.selfeval.columns import (
    funding_header,
    has_selfeval_labels,
    indicator_header,
    key,
)
from kpi_analysis.forms.selfeval.values import (
    as_rate,
    class_weight,
    funding_category,
    goal_role,
    is_instruction,
    is_title,
    is_year_line,
    parse_number,
    split_code,
    title_year,
)
from kpi_analysis.readers.grid import Cell, Source


def _row(*texts: str) -> list[Cell]:
    return [Cell(t, Source("f.docx", table=1, row=1, col=i + 1)) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("text", "value", "ok"),
    [
        ("215,457.6", 215457.6, True),
        ("８", 8.0, True),  # full-width digit
        ("10分", 10.0, True),
        ("90万元", 90.0, True),
        ("—", None, True),
        ("/", None, True),
        ("", None, True),
        ("八分", None, False),
        ("约8", None, False),
    ],
)
def test_parse_number(text: str, value: float | None, ok: bool) -> None:
    number = parse_number(text)
    assert (number.value, number.ok) == (value, ok)


@pytest.mark.parametrize(
    ("text", "rate"),
    [("45.17%", 0.4517), ("100.00%", 1.0), ("0", 0.0), ("0.8618", 0.8618), ("86.18", 0.8618)],
)
def test_rates_become_fractions(text: str, rate: float) -> None:
    assert as_rate(parse_number(text)) == pytest.approx(rate)


@pytest.mark.parametrize(
    ("label", "category"),
    [
        ("年度资金总额:", "total"),
        ("总额", "total"),
        ("其中：当年财政拨款", "fiscal"),
        ("其中:本年财政拨款", "fiscal"),
        ("其中:财政资金", "fiscal"),
        ("上年结转资金", "carryover"),
        ("其他资金", "other"),
        ("财政专户管理资金", "fiscal_part"),
        ("单位资金", "other_part"),
        ("三级指标", None),
    ],
)
def test_funding_lines(label: str, category: str | None) -> None:
    assert funding_category(label) == category


def test_titles_years_and_codes() -> None:
    assert is_title("项目支出绩效自评表") and is_title("部门预算项目支出绩效自评表(2023年度)")
    assert not is_title("项目支出绩效目标表")
    assert title_year("部门预算项目支出绩效自评表(2023年度)") == 2023
    assert is_year_line("（2022年度）") and not is_year_line("2022年度资金总额")
    assert split_code("219001-池州市贵池区棠溪镇人民政府") == (
        "219001",
        "池州市贵池区棠溪镇人民政府",
    )
    # a year in front of a name is not a budget code
    assert split_code("2021-2023年编制核查") == (None, "2021-2023年编制核查")
    assert class_weight("产出指标(50分)") == 50 and class_weight("产出指标") is None
    assert key("实施单位 (盖章)") == "实施单位"


def test_template_instructions() -> None:
    assert is_instruction("对照年度目标,说明相关任务目标的完成情况(100字以内)")
    assert is_instruction("结合自评情况,分析存在的问题及原因。(200字以内)")
    assert not is_instruction("本项目共完成预算资金89.97万元。")


def test_goal_headers() -> None:
    assert goal_role("预期目标") == "goal" and goal_role("项目年度目标") == "goal"
    assert goal_role("实际完成情况") == "achieved" and goal_role("年度目标完成情况") == "achieved"
    assert goal_role("年度总体目标") is None


def test_header_rows() -> None:
    standard = indicator_header(
        _row(
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        )
    )
    assert standard is not None
    assert standard.roles == {
        "level1": 2,
        "level2": 3,
        "indicator": 4,
        "target": 5,
        "actual": 6,
        "weight": 7,
        "score": 8,
        "reason": 9,
    }
    sichuan = indicator_header(
        _row(
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "权重",
            "得分",
            "未完成原因分析",
        )
    )
    assert sichuan is not None
    assert {"value_type", "unit", "actual", "weight"} <= set(sichuan.roles)
    # a target form's header has neither 实际完成值 nor 得分
    assert indicator_header(_row("一级指标", "二级指标", "三级指标", "指标值", "绩效标准")) is None
    funding = funding_header(
        _row(
            "项目资金（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        )
    )
    assert funding is not None and funding.first_data_col() == 3
    assert funding_header(_row("年初预算", "调整后预算数", "预算执行数", "预算执行率")) is not None
    assert funding_header(_row("中期资金总额：", "90", "年度资金总额：", "30")) is None


def test_only_self_evaluation_headers_carry_their_labels() -> None:
    """The quick test that spares a 绩效目标表 the header search agrees with the search."""
    selfeval = _row("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分")
    funding = _row("年初预算数", "全年预算数", "全年执行数（万元）", "分值", "执行率", "得分")
    target = _row("一级指标", "二级指标", "三级指标", "指标值", "绩效标准", "备注")
    assert has_selfeval_labels(selfeval) and indicator_header(selfeval) is not None
    assert has_selfeval_labels(funding) and funding_header(funding) is not None
    assert not has_selfeval_labels(target)
    assert indicator_header(target) is None and funding_header(target) is None
