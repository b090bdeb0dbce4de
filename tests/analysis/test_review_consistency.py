"""R7: annual targets and funding that do not follow from the mid-term ones."""

from __future__ import annotations

from dataclasses import replace

import pytest
from review_examples import CLEAN_INDICATORS, funding, indicators, paired

from kpi_analysis.analysis.compare import ComparisonProfile
from kpi_analysis.analysis.review import ReviewProfile, review

R7 = ReviewProfile.only("R7")


def _pair(mid: str, annual: str, name: str = "开展培训"):
    return review(paired([("产出指标", "数量指标", 1, name, mid, annual)]), profile=R7)


def test_consistent_targets_have_no_finding() -> None:
    assert review(paired(CLEAN_INDICATORS), funding=funding(), profile=R7).empty


@pytest.mark.parametrize(
    "mid, annual, severity, words",
    [
        ("不少于3次", "不少于4次", "warning", "超过整个中期"),
        ("不少于3次", "不少于3人", "warning", "计量单位不同"),
        ("≥3次", "≤1次", "warning", "方向相反"),
        ("不少于6次", "不少于3次", "info", "前期集中"),
        ("每年不少于3次", "不少于1次", "info", "后期集中"),
    ],
)
def test_pacing_findings(mid, annual, severity, words) -> None:
    found = _pair(mid, annual)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["rule"], row["severity"], row["period"]) == ("R7", severity, "annual")
    assert words in row["message"]
    assert f"「{mid}」" in row["message"] and f"「{annual}」" in row["message"]
    assert row["source"].endswith("col=8")  # the annual cell
    assert "HEURISTIC" in row["basis"]


def test_pacing_message_gives_the_numbers() -> None:
    message = _pair("不少于6次", "不少于3次").iloc[0]["message"]
    assert "中期目标6次按3年平均每年2次" in message
    assert "年度目标3次" in message and "比值1.50" in message


@pytest.mark.parametrize(
    "mid, annual",
    [
        ("不少于3次", "不少于1次"),
        ("每年不少于1次", "不少于1次"),
        ("62家", "47家"),  # a part of a fixed set
        ("根据总量调整", "约280家"),  # not comparable: no finding by default
        ("≥90%", "≥85%"),
    ],
)
def test_consistent_or_uncheckable_pairs_have_no_finding(mid, annual) -> None:
    assert _pair(mid, annual).empty


def test_pacing_severities_are_a_profile_setting() -> None:
    quiet = replace(R7, pacing_severity=(("exceeds_mid_term", "warning"),))
    frame = paired([("产出指标", "数量指标", 1, "开展培训", "不少于6次", "不少于3次")])
    assert review(frame, profile=quiet).empty
    loose = replace(R7, comparison=ComparisonProfile(pace_tolerance=0.6))
    assert review(frame, profile=loose).empty


def test_unmatched_indicators_are_info() -> None:
    frame = indicators(
        [
            {"period": "mid_term", "indicator": "开展业务培训", "target": "不少于3次"},
            {"indicator_no": 2, "indicator": "网站维护", "target": "12次"},
        ]
    )
    found = review(frame, profile=R7)
    assert sorted(found["period"]) == ["annual", "mid_term"]
    assert set(found["severity"]) == {"info"}
    texts = " ".join(found["message"])
    assert "在年度目标中没有对应指标" in texts and "在中期目标中没有对应指标" in texts
    assert review(frame, profile=replace(R7, report_unmatched=False)).empty


def test_mid_term_funding_below_annual_is_an_error() -> None:
    found = review(
        paired(CLEAN_INDICATORS), funding=funding((20.0, 20.0, 0.0), (30.0, 30.0, 0.0)), profile=R7
    )
    errors = found[found["severity"] == "error"]
    assert len(errors) == 1
    assert "中期资金总额20万元" in errors.iloc[0]["message"]
    assert "低于年度资金总额30万元" in errors.iloc[0]["message"]


def test_uneven_phasing_is_info() -> None:
    found = review(paired(CLEAN_INDICATORS), funding=funding((150.0, 150.0, 0.0)), profile=R7)
    assert found["severity"].tolist() == ["info"]
    message = found.iloc[0]["message"]
    assert "1.67倍" in message and "0.5～1.5" in message
    assert found.iloc[0]["source"] == "example.txt#table=1,row=7,col=3"
