"""The engine: explained score rows, published scores beside computed ones, totals and grades."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis.analysis.scoring import (
    CENTRAL_2020,
    SCORES,
    SUMMARY,
    score_execution,
    score_indicators,
    summarise,
)

BRIEF_SCORE_COLUMNS = [
    "project_no",
    "project",
    "year",
    "level1",
    "level2",
    "indicator",
    "target",
    "actual",
    "weight",
    "score",
    "published_score",
    "score_diff",
    "explanation",
    "flags",
]
BRIEF_SUMMARY_COLUMNS = [
    "project",
    "year",
    "execution_rate",
    "execution_score",
    "indicator_score",
    "total",
    "grade",
    "published_total",
]


def _frame(rows: list[tuple], **common: object) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["level1", "level2", "indicator", "target", "actual"])
    for name, value in {"project": "甲", "year": 2021, "project_no": 1, **common}.items():
        frame[name] = value
    return frame


BASIC = [
    ("产出指标", "数量指标", "培训次数", "≥4次", "3"),
    ("产出指标", "时效指标", "按时完成", "年底前", "2021年11月完成"),
    ("效益指标", "社会效益指标", "服务水平", "逐步提升", "基本达成"),
    ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", 95),
]


def test_columns_schema_and_one_row_per_indicator() -> None:
    scores = score_indicators(_frame(BASIC))
    SCORES.validate(scores)
    assert all(c in scores.columns for c in BRIEF_SCORE_COLUMNS)
    assert len(scores) == 4
    # 产出 50 split over 2 rows, 效益 30, 满意度 10
    assert scores["weight"].tolist() == [25, 25, 30, 10]
    # 25 × 3/4 = 18.75; deadline met → 25; 基本 → 0.8 × 30 = 24; 95 ≥ 90 → 10
    assert scores["score"].tolist() == [18.75, 25.0, 24.0, 10.0]
    assert scores["method"].tolist() == ["positive", "qualitative", "qualitative", "positive"]
    assert scores["actual"].tolist() == ["3", "2021年11月完成", "基本达成", "95"]


def test_every_row_explains_itself() -> None:
    scores = score_indicators(_frame(BASIC))
    first, third = scores.loc[0, "explanation"], scores.loc[2, "explanation"]
    assert "25 × min(3 ÷ 4, 1) = 18.75" in first  # formula and inputs
    assert "分值 25 = 产出指标+成本指标 50 ÷ 2 行" in first  # where the weight came from
    assert "central_2020" in first  # profile used
    assert "部分达成年度指标并具有一定效果" in third and "关键词“基本”" in third  # band and why
    assert scores.loc[2, "band"] == "部分达成年度指标并具有一定效果"


def test_input_is_not_modified() -> None:
    frame = _frame(BASIC)
    before = frame.copy()
    score_indicators(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_template_blank_rows_are_dropped() -> None:
    rows = [*BASIC, ("效益指标", "生态效益指标", "", "", None)]
    assert len(score_indicators(_frame(rows))) == 4


def test_published_scores_are_kept_and_differences_flagged() -> None:
    frame = _frame(BASIC).assign(weight=[25, 25, 30, 10], published_score=[25, 25, 24, 10])
    scores = score_indicators(frame)
    assert scores["published_score"].tolist() == [25, 25, 24, 10]
    assert scores["score_diff"].tolist() == [6.25, 0.0, 0.0, 0.0]
    assert "published_differs" in scores.loc[0, "flags"]
    assert "published_differs" not in scores.loc[1, "flags"]
    assert "表中得分 25.00，差 6.25" in scores.loc[0, "explanation"]


def test_reason_checks() -> None:
    frame = _frame(BASIC).assign(reason=[None, "提前完成", None, None])
    scores = score_indicators(frame)
    assert "shortfall_without_reason" in scores.loc[0, "flags"]  # 18.75 < 25, no reason
    assert "full_score_with_reason" in scores.loc[1, "flags"]  # full marks yet a reason
    explained = score_indicators(frame.assign(reason=["场地受限", None, "进度原因", None]))
    assert "shortfall_without_reason" not in explained.loc[0, "flags"]


def test_text_actual_for_numeric_target_uses_the_bands() -> None:
    scores = score_indicators(_frame([("产出指标", "数量指标", "次数", "≥4次", "已完成")]))
    assert scores.loc[0, "method"] == "qualitative"
    assert "text_actual_for_numeric_target" in scores.loc[0, "flags"]


def test_missing_actual_is_unscored() -> None:
    scores = score_indicators(_frame([("产出指标", "数量指标", "次数", "≥4次", None)]))
    assert pd.isna(scores.loc[0, "score"])
    assert "actual_missing" in scores.loc[0, "flags"]


def test_mid_term_fallback_is_said() -> None:
    scores = score_indicators(_frame(BASIC, target_period="mid_term"))
    assert all("target_from_mid_term" in f for f in scores["flags"])
    assert "中期目标" in scores.loc[0, "explanation"]


def test_missing_required_columns() -> None:
    with pytest.raises(ValueError, match="target"):
        score_indicators(pd.DataFrame({"project": ["甲"], "year": [2021]}))


def _funding(rate: float = 1.0, **extra: object) -> pd.DataFrame:
    return pd.DataFrame(
        {"project": ["甲"], "year": [2021], "budget_full": [100.0], "executed": [100.0 * rate]}
        | {k: [v] for k, v in extra.items()}
    )


def test_summary_total_and_grade() -> None:
    scores = score_indicators(_frame(BASIC))
    summary = summarise(scores, score_execution(_funding(0.95)))
    SUMMARY.validate(summary)
    assert all(c in summary.columns for c in BRIEF_SUMMARY_COLUMNS)
    row = summary.iloc[0]
    # 9.50 + (18.75 + 25 + 24 + 10 = 77.75) = 87.25 → 良
    assert (row["execution_score"], row["indicator_score"], row["total"]) == (9.5, 77.75, 87.25)
    assert row["grade"] == "良"
    assert row["execution_rate"] == 0.95
    assert "9.50" in row["explanation"] and "87.25 → 良" in row["explanation"]


def test_summary_accepts_a_raw_funding_table() -> None:
    scores = score_indicators(_frame(BASIC))
    assert summarise(scores, _funding(0.95)).loc[0, "total"] == 87.25


def test_grade_on_the_rounded_total_not_the_float_sum() -> None:
    # Weights that add up to 80 on paper add up to 79.99999999999999 in binary floats.
    weights = [24.11, 22.88, 5.68, 19.75, 7.58, 10.0]
    rows = [("产出指标", "数量指标", f"指标{i}", "≥1次", "1") for i in range(2)]
    rows += [("效益指标", "社会效益指标", f"效益{i}", "≥1次", "1") for i in range(2)]
    rows += [
        ("满意度指标", "服务对象满意度指标", "满意度甲", "≥1次", "1"),
        ("满意度指标", "服务对象满意度指标", "满意度乙", "≥90%", "0"),
    ]
    scores = score_indicators(_frame(rows).assign(weight=weights))
    assert 10 + scores["score"].sum() < 90  # the unrounded total would be 良
    summary = summarise(scores, _funding(1.0))
    assert summary.loc[0, "total"] == 90.0
    assert summary.loc[0, "grade"] == "优"


def test_rescale_to_100_scales_the_total() -> None:
    profile = CENTRAL_2020.with_options(missing_class_policy="rescale_to_100")
    rows = [
        ("产出指标", "数量指标", "次数", "≥4次", "4"),
        ("效益指标", "社会效益指标", "服务水平", "逐步提升", "基本达成"),
    ]
    scores = score_indicators(_frame(rows), profile)
    assert scores["weight"].tolist() == [50, 30]
    summary = summarise(scores, _funding(1.0), profile)
    # (10 + 50 + 24) × 100 / (10 + 80) = 93.333 → 93.33
    assert summary.loc[0, "total"] == 93.33
    assert "missing_class_rescaled" in summary.loc[0, "flags"]


def test_summary_without_execution_or_indicators() -> None:
    scores = score_indicators(_frame(BASIC))
    alone = summarise(scores)
    assert pd.isna(alone.loc[0, "execution_score"])
    assert alone.loc[0, "total"] == 77.75
    assert "execution_missing" in alone.loc[0, "flags"]
    other = summarise(scores, _funding(1.0).assign(project="乙"))
    assert sorted(other["project"]) == ["乙", "甲"]
    assert "indicators_missing" in other.set_index("project").loc["乙", "flags"]


def test_published_total_from_published_scores() -> None:
    frame = _frame(BASIC).assign(weight=[25, 25, 30, 10], published_score=[25, 25, 30, 10])
    summary = summarise(score_indicators(frame), _funding(0.95, published_score=10))
    # published 10 + 90 = 100 against computed 9.5 + 77.75 = 87.25
    assert summary.loc[0, "published_total"] == 100
    assert summary.loc[0, "total_diff"] == 12.75
    assert "total_differs" in summary.loc[0, "flags"]
    explicit = summarise(score_indicators(frame), _funding(0.95, published_total=88))
    assert explicit.loc[0, "published_total"] == 88
