"""R4: the comparator points the wrong way for the kind of indicator."""

from __future__ import annotations

import pytest
from review_examples import indicators

from kpi_analysis.analysis.review import ReviewProfile, review

DIRECTION = ReviewProfile.only("R4")


def _found(level2: str, name: str, target: str):
    return review(
        indicators([{"level2": level2, "indicator": name, "target": target}]), profile=DIRECTION
    )


@pytest.mark.parametrize(
    "level2, name, target, words",
    [
        ("成本指标", "培训成本", "≥10万元", "成本类"),
        ("数量指标", "人均培训经费", "不低于500元/人", "成本类"),
        ("时效指标", "审批办结时间", "≥5个工作日", "时限类"),
        ("质量指标", "业务差错率", "≥2%", "越少越好"),
        ("社会效益指标", "安全事故发生数", "不少于1起", "越少越好"),
        ("质量指标", "培训合格率", "≤90%", "比率类"),
        ("质量指标", "政策知晓率", "不高于80%", "比率类"),
    ],
)
def test_direction_clashes(level2, name, target, words) -> None:
    found = _found(level2, name, target)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["rule"], row["severity"]) == ("R4", "warning")
    assert words in row["message"] and target in row["message"]


@pytest.mark.parametrize(
    "level2, name, target",
    [
        ("成本指标", "培训成本", "≤10万元"),
        ("时效指标", "审批办结时间", "5个工作日内"),
        ("时效指标", "及时办结率", "≥95%"),  # a rate in 时效: more is better
        ("质量指标", "业务差错率", "≤2%"),
        ("质量指标", "投诉处理率", "≥95%"),  # handling complaints is good
        ("经济效益指标", "增加收入", "≥100万元"),  # money that is not a cost
        ("质量指标", "培训合格率", "≥90%"),
        ("经济效益指标", "公用经费增长率", "≤5%"),  # a ceiling on a growth rate is fine
        ("数量指标", "培训时长", "≥8小时"),  # training hours: more is better
    ],
)
def test_right_directions_are_not_reported(level2, name, target) -> None:
    assert _found(level2, name, target).empty
