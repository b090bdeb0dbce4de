"""定性 bands (docs/rules.md#profiles): boundaries at 0.8w and 0.6w, keyword mapping, band
maximum."""

from __future__ import annotations

import pytest

from kpi_analysis.analysis.scoring import CENTRAL_2020, HB_VARIANT, band_for_text, score_qualitative
from kpi_analysis.analysis.scoring.qualitative import deadline_band

TOP, MIDDLE, BOTTOM = 0, 1, 2


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("达成预期指标", TOP),  # corpus 03/04
        ("达成年度指标", TOP),
        ("已按时完成", TOP),
        ("效果明显", TOP),
        ("基本完成", MIDDLE),  # "完成" must not win over "基本"
        ("部分达成年度指标并具有一定效果", MIDDLE),
        ("未完成", BOTTOM),  # "完成" must not win over "未"
        ("未达成年度指标且效果较差", BOTTOM),
        ("进度滞后", BOTTOM),
        ("发放不及时", BOTTOM),  # "及时" must not win over "不及时"
    ],
)
def test_keyword_mapping(text: str, band: int) -> None:
    match = band_for_text(text)
    assert match is not None and match.band == band


def test_unmapped_text_is_not_scored_and_says_why() -> None:
    assert band_for_text("正在推进中") is None
    result = score_qualitative(10, "正在推进中", CENTRAL_2020)
    assert result.score is None and result.flags == ("qualitative_unmapped",)
    assert "映射规则（启发式）" in result.explanation


@pytest.mark.parametrize(
    ("text", "expected"),
    [("达成年度指标", 10.0), ("基本达成", 8.0), ("未达成", 6.0)],
)
def test_default_score_is_the_band_maximum(text: str, expected: float) -> None:
    # HEURISTIC default: w, 0.8w, 0.6w
    result = score_qualitative(10, text, CENTRAL_2020)
    assert result.score == expected
    assert "取档内最高分" in result.explanation
    assert "映射规则（启发式）" in result.explanation  # the mapping is shown


@pytest.mark.parametrize(
    ("text", "given", "kept"),
    [
        ("达成年度指标", 10.0, True),
        ("达成年度指标", 8.0, True),  # 0.8w is inside the top band (inclusive)
        ("达成年度指标", 7.99, False),
        ("基本达成", 7.99, True),
        ("基本达成", 8.0, False),  # 0.8w belongs to the top band, not the middle one
        ("基本达成", 6.0, True),  # 0.6w is inside the middle band (inclusive)
        ("基本达成", 5.99, False),
        ("未达成", 5.99, True),
        ("未达成", 6.0, False),
        ("未达成", 0.0, True),
    ],
)
def test_given_score_is_validated_against_its_band(text: str, given: float, kept: bool) -> None:
    result = score_qualitative(10, text, CENTRAL_2020, given_score=given)
    if kept:
        assert result.score == given and result.flags == ()
    else:
        assert "score_outside_band" in result.flags
        assert result.score == {TOP: 10.0, MIDDLE: 8.0, BOTTOM: 6.0}[band_for_text(text).band]


def test_band_limits_round_to_two_decimals() -> None:
    # w = 7: 0.8w = 5.6, 0.6w = 4.2
    assert score_qualitative(7, "达成", CENTRAL_2020, given_score=5.6).score == 5.6
    assert score_qualitative(7, "基本达成", CENTRAL_2020, given_score=4.2).score == 4.2
    assert "4.20–5.60 分" in score_qualitative(7, "基本达成", CENTRAL_2020).explanation


def test_variant_bands_80_50() -> None:
    # S13: 80-50%(含50%): 5.0 of 10 is middle under hb_variant, bottom under central
    assert score_qualitative(10, "基本达成", HB_VARIANT, given_score=5.0).flags == ()
    assert (
        "score_outside_band"
        in score_qualitative(10, "基本达成", CENTRAL_2020, given_score=5.0).flags
    )
    assert score_qualitative(10, "未达成", HB_VARIANT).score == 5.0


@pytest.mark.parametrize(
    ("target", "actual", "band"),
    [
        ("年底前", "2021年11月", TOP),
        ("年底前", "2021年12月", TOP),
        ("年底前", "2022年3月", BOTTOM),
        ("2021年12月", "2021-12-20", TOP),
        ("12月底之前完成", "11月完成", TOP),
        ("6月底前", "7月完成", BOTTOM),
    ],
)
def test_deadline_targets(target: str, actual: str, band: int) -> None:
    match = deadline_band(target, actual, 2021)
    assert match is not None and match.band == band


def test_deadline_wins_over_keywords() -> None:
    # "完成" would be top, but done after the deadline is late
    result = score_qualitative(10, "2022年3月完成", CENTRAL_2020, target="年底前", year=2021)
    assert result.band == "未达成年度指标且效果较差" and result.score == 6.0
    assert "滞后" in result.explanation
    # no date in the actual: keywords decide
    assert deadline_band("年底前", "已完成", 2021) is None
    # amounts are not dates
    assert deadline_band("年底前", "1000.12万元", 2021) is None
