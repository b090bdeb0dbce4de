"""Budget execution score = weight × 全年执行数 / 全年预算数, capped, 2 decimals (§5.3)."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis.analysis.scoring import (
    CENTRAL_2020,
    EXECUTION,
    MUNICIPAL_20_80,
    score_execution,
    score_execution_amounts,
)


@pytest.mark.parametrize(
    ("budget", "executed", "expected"),
    [
        (250_000, 215_457.6, 8.62),  # S5: 0.8618304 × 10 = 8.618 → 8.62
        (20_000, 9_034, 4.52),  # S5: 45.17 % × 10 = 4.517 → 4.52
        (10, 4.445, 4.45),  # 4.445 rounds half up (Python's round would give 4.44)
        (251.89, 251.89, 10.0),  # corpus 01: 100.00 %
        (89.974, 89.974, 10.0),  # corpus 03 本年财政拨款
    ],
)
def test_execution_score_against_hand_worked_numbers(
    budget: float, executed: float, expected: float
) -> None:
    assert score_execution_amounts(budget, executed, CENTRAL_2020).score == expected


def test_rate_above_one_is_capped_and_flagged() -> None:
    result = score_execution_amounts(100, 110, CENTRAL_2020)
    assert result.rate == pytest.approx(1.1)
    assert result.score == 10.0
    assert "executed_above_budget" in result.flags
    looser = CENTRAL_2020.with_options(execution_rate_cap=1.2)
    assert score_execution_amounts(100, 110, looser).score == 11.0


def test_municipal_profile_uses_20_points() -> None:
    # S8: 得分(20分*执行率)
    assert score_execution_amounts(100, 90, MUNICIPAL_20_80).score == 18.0


def test_rate_below_90_needs_a_reason() -> None:
    assert "rate_below_threshold_no_reason" in score_execution_amounts(100, 85, CENTRAL_2020).flags
    explained = score_execution_amounts(100, 85, CENTRAL_2020, reason="项目延期")
    assert explained.flags == ()
    assert "已说明原因" in explained.explanation
    # "未达到90%" means strictly below: 90.00 % needs no reason
    assert score_execution_amounts(100, 90, CENTRAL_2020).flags == ()
    # a placeholder is not a reason
    assert (
        "rate_below_threshold_no_reason"
        in score_execution_amounts(100, 85, CENTRAL_2020, reason="无").flags
    )


def test_zero_and_missing_budget() -> None:
    zero = score_execution_amounts(0, 0, CENTRAL_2020)
    assert zero.score == 0.0 and zero.rate is None and "budget_zero" in zero.flags
    missing = score_execution_amounts(None, 5, CENTRAL_2020)
    assert missing.score is None and missing.flags == ("budget_missing",)


def test_negative_executed_scores_zero() -> None:
    result = score_execution_amounts(100, -5, CENTRAL_2020)
    assert result.score == 0.0
    assert "negative_amount" in result.flags


def test_score_execution_frame_keeps_published_numbers_and_flags_differences() -> None:
    funding = pd.DataFrame(
        {
            "project": ["甲", "乙"],
            "year": [2022, 2022],
            "budget_full": [250_000.0, 20_000.0],
            "executed": [215_457.6, 9_034.0],
            "published_score": [8.62, 4.0],
            "amount_unit": ["元", "元"],
            "reason": [pd.NA, "疫情影响"],
        }
    )
    before = funding.copy()
    out = score_execution(funding)
    pd.testing.assert_frame_equal(funding, before)  # input untouched
    EXECUTION.validate(out)
    assert out["execution_score"].tolist() == [8.62, 4.52]
    assert out["score_diff"].tolist() == [0.0, -0.52]
    assert out.loc[0, "flags"] == "rate_below_threshold_no_reason"
    assert "published_differs" in out.loc[1, "flags"]
    assert "rate_below_threshold_no_reason" not in out.loc[1, "flags"]
    text = out.loc[0, "explanation"]
    assert "215457.6元 ÷ 250000元" in text and "86.18%" in text and "8.62" in text
    assert "central_2020" in text


def test_score_execution_requires_amount_columns() -> None:
    with pytest.raises(ValueError, match="budget_full"):
        score_execution(pd.DataFrame({"project": ["甲"], "year": [2021], "executed": [1.0]}))


def test_form_weight_other_than_profile_is_flagged() -> None:
    funding = pd.DataFrame(
        {
            "project": ["甲"],
            "year": [2020],
            "budget_full": [100.0],
            "executed": [100.0],
            "execution_weight": [20.0],
        }
    )
    assert "execution_weight_differs" in score_execution(funding).loc[0, "flags"]
    assert score_execution(funding, "municipal_20_80").loc[0, "flags"] == ""
