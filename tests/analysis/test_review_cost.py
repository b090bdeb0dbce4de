"""R6 no cost indicator, R15 a 成本指标 that states no cost."""

from __future__ import annotations

import pytest
from review_examples import CLEAN_INDICATORS, indicators, paired

from kpi_analysis.analysis.review import ReviewProfile, review

COST = ReviewProfile.only("R6", "R15")


def _without_cost():
    return [row for row in CLEAN_INDICATORS if row[1] != "成本指标"]


def test_cost_indicator_with_money_has_no_finding() -> None:
    assert review(paired(CLEAN_INDICATORS), profile=COST).empty


def test_no_cost_indicator_at_all() -> None:
    found = review(paired(_without_cost()), profile=COST)
    assert found["rule"].tolist() == ["R6", "R6"]
    assert sorted(found["period"]) == ["annual", "mid_term"]
    assert found["message"].str.contains("没有设置成本指标").all()
    assert set(found["severity"]) == {"warning"}


def test_only_a_blank_cost_row_counts_as_none() -> None:
    frame = paired([*_without_cost(), ("产出指标", "成本指标", 1, "", "", "")])
    found = review(frame, profile=COST)
    assert found["rule"].tolist() == ["R6", "R6"]
    assert found["message"].str.contains("成本指标未填写").all()
    assert set(found["level2"]) == {"成本指标"}
    blank = frame[frame["level2"] == "成本指标"]
    assert sorted(found["source"]) == sorted(blank["source"])


def test_cost_as_level1_in_the_new_template() -> None:
    frame = paired(
        [*_without_cost(), ("成本指标", "经济成本指标", 1, "项目总成本", "≤90万元", "≤30万元")]
    )
    assert review(frame, profile=COST).empty


@pytest.mark.parametrize(
    "name, target",
    [
        ("制定事业单位“三定”规定", "逐步推进"),
        ("完成培训", "不少于2次"),
    ],
)
def test_cost_row_without_cost(name, target) -> None:
    frame = indicators([{"level2": "成本指标", "indicator": name, "target": target}])
    found = review(frame, profile=COST)
    assert found["rule"].tolist() == ["R15"]
    assert name in found.iloc[0]["message"] and "成本" in found.iloc[0]["message"]


@pytest.mark.parametrize(
    "name, target",
    [
        ("中文域名使用费", "机关300元/个/年事业200元/个/年"),
        ("培训成本", "控制在预算内"),
        ("人均培训费用", "逐步降低"),
        ("设备购置", "≤50万元"),
    ],
)
def test_cost_rows_with_money_or_cost_words(name, target) -> None:
    frame = indicators([{"level2": "成本指标", "indicator": name, "target": target}])
    assert review(frame, profile=COST).empty


def test_cost_words_are_a_profile_setting() -> None:
    frame = indicators([{"level2": "成本指标", "indicator": "培训成本", "target": "控制在预算内"}])
    strict = ReviewProfile.only("R15", cost_words=("单价",))
    assert review(frame, profile=strict)["rule"].tolist() == ["R15"]
