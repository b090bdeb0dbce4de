"""R13: doubled words and doubled punctuation."""

from __future__ import annotations

import pytest
from review_examples import goals as example_goals
from review_examples import indicators, paired

from kpi_analysis.analysis.review import ReviewProfile, review
from kpi_analysis.analysis.review.text_defects import defects

TEXT = ReviewProfile.only("R13")


@pytest.mark.parametrize(
    "text, runs",
    [
        ("在一定时期内提高提高全市公共卫生水平", ["提高提高"]),
        ("完成的的任务", ["的的"]),
        ("目标：：优化", ["：："]),
        ("目标:：优化", [":："]),
        ("完成任务，，按时", ["，，"]),
        ("人人参与、天天更新", []),  # reduplicated words are Chinese, not typos
        ("干干净净", []),
        ("效果……明显", []),
        ("优化机关事业单位人员素质", []),
    ],
)
def test_defects(text, runs) -> None:
    assert defects(text, ReviewProfile()) == runs


def test_doubled_word_in_a_name() -> None:
    frame = indicators([{"indicator": "在一定时期内提高提高全市公共卫生水平", "target": "≥90%"}])
    found = review(frame, profile=TEXT)
    assert len(found) == 1
    assert "“提高提高”重复" in found.iloc[0]["message"]
    assert found.iloc[0]["severity"] == "info"


def test_name_starting_with_punctuation_is_a_doubled_colon() -> None:
    frame = indicators([{"indicator": "：优化机关事业单位人员素质", "target": "≥90%"}])
    found = review(frame, profile=TEXT)
    assert len(found) == 1
    assert "指标1：：优化机关事业单位人员素质" in found.iloc[0]["message"]


def test_defects_in_value_and_standard_are_one_finding_per_row() -> None:
    frame = indicators(
        [{"indicator": "开展培训", "target": "不少于2次，，", "standard": "2次、、"}]
    )
    found = review(frame, profile=TEXT)
    assert len(found) == 1
    message = found.iloc[0]["message"]
    assert "指标值中“，，”重复" in message and "绩效标准中“、、”重复" in message


def test_goals_are_checked() -> None:
    goals = example_goals()
    goals.loc[1, "goal"] = "完成年度业务培训培训和专项督查任务。"
    found = review(paired([]), goals=goals, profile=TEXT)
    assert len(found) == 1
    assert found.iloc[0]["source"] == "example.txt#table=1,row=11,col=3"
    assert "“培训培训”" in found.iloc[0]["message"]


def test_clean_text_has_no_finding() -> None:
    frame = indicators([{"indicator": "优化机关事业单位人员素质", "target": "人人参与"}])
    assert review(frame, goals=example_goals(), profile=TEXT).empty
