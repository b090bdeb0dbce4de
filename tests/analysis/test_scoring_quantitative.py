"""定量 formulas of docs/rules.md#profiles against hand-worked numbers (w = 分值, A = 目标,
B = 实际)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi_analysis.analysis.scoring import (
    CENTRAL_2020,
    parse_actual_number,
    score_equal,
    score_positive,
    score_quantitative,
    score_reverse_linear_2x,
    score_reverse_ratio,
)

LINEAR = CENTRAL_2020.with_options(reverse_method="linear_2x")


@pytest.mark.parametrize(
    ("w", "a", "b", "expected"),
    [
        (10, 20_000, 9_034, 4.52),  # 10 × 0.4517 = 4.517
        (8, 3, 2, 5.33),  # 8 × 2/3 = 5.333
        (8, 50, 50, 8.0),  # corpus 03: ≥50个, actual 50
        (8, 50, 75, 8.0),  # above target: never more than w
        (10, 100, 96, 9.6),
        (10, 100, 0, 0.0),
        (10, 100, -5, 0.0),  # negative B taken as 0
        (10, 0, 3, 10.0),  # ≥0: any non-negative actual meets it
    ],
)
def test_positive(w: float, a: float, b: float, expected: float) -> None:
    assert score_positive(w, a, b) == expected


@pytest.mark.parametrize(
    ("w", "a", "b", "expected"),
    [
        (8, 8, 8, 8.0),  # corpus 04: =8个, actual 8
        (8, 42, 42, 8.0),  # corpus 04: =42个
        (10, 280, 268, 9.57),  # 10 × 268/280 = 9.5714
        (10, 0, 0, 10.0),  # A = 0: B ≤ 0 → w
        (10, 0, 1, 0.0),  # A = 0: B > 0 → 0
        (10, 0, -2, 10.0),  # negative B taken as 0
    ],
)
def test_equal(w: float, a: float, b: float, expected: float) -> None:
    assert score_equal(w, a, b) == expected


@pytest.mark.parametrize(
    ("w", "a", "b", "expected"),
    [
        (10, 202.6, 132.9, 10.0),  # corpus 04: ≤202.6万元, actual 132.9
        (8, 90, 90, 8.0),  # corpus 03: ≤90万元, actual 90
        (10, 90, 100, 9.0),  # 10 × 90/100
        (10, 3, 4, 7.5),
        (10, 5, 0, 10.0),  # B = 0 → w
    ],
)
def test_reverse_ratio(w: float, a: float, b: float, expected: float) -> None:
    assert score_reverse_ratio(w, a, b) == expected


@pytest.mark.parametrize(
    ("b", "expected"),
    [(90, 10.0), (100, 10.0), (120, 8.0), (150, 5.0), (199, 0.1), (200, 0.0), (250, 0.0)],
)
def test_reverse_linear_2x(b: float, expected: float) -> None:
    # A = 100: full to A, w × (1 − (B − A)/A) between, 0 from 2A
    assert score_reverse_linear_2x(10, 100, b) == expected


def test_dispatch_by_comparator_and_reverse_method() -> None:
    assert score_quantitative(10, "≥", 100, 96, CENTRAL_2020).method == "positive"
    assert score_quantitative(10, ">", 100, 96, CENTRAL_2020).score == 9.6
    assert score_quantitative(10, "=", 0, 0, CENTRAL_2020).method == "equal_zero"
    ratio = score_quantitative(10, "≤", 100, 150, CENTRAL_2020)
    linear = score_quantitative(10, "≤", 100, 150, LINEAR)
    assert (ratio.method, ratio.score) == ("reverse_ratio", 6.67)  # 10 × 100/150
    assert (linear.method, linear.score) == ("reverse_linear_2x", 5.0)
    assert score_quantitative(10, "<", 100, 150, CENTRAL_2020).score == 6.67
    unknown = score_quantitative(10, "~", 100, 150, CENTRAL_2020)
    assert unknown.score is None and unknown.flags == ("not_scorable",)


def test_over_achievement_is_flagged_not_penalised() -> None:
    at = score_quantitative(10, "≥", 10, 12, CENTRAL_2020)
    assert at.score == 10.0 and "over_achievement" in at.flags  # 12/10 = 1.2 ≥ 1.2
    below = score_quantitative(10, "≥", 10, 11.9, CENTRAL_2020)
    assert below.score == 10.0 and "over_achievement" not in below.flags
    higher = CENTRAL_2020.with_options(over_achievement_threshold=1.5)
    assert "over_achievement" not in score_quantitative(10, "≥", 10, 12, higher).flags
    assert "120.00%" in at.explanation


def test_explanation_shows_formula_and_inputs() -> None:
    result = score_quantitative(10, "≥", 20_000, 9_034, CENTRAL_2020, target_unit="元")
    assert "正向指标（≥）" in result.explanation
    assert "10 × min(9034 ÷ 20000, 1) = 4.52" in result.explanation
    assert result.completion == pytest.approx(0.4517)


def test_flags_for_odd_inputs() -> None:
    assert "negative_actual" in score_quantitative(10, "≥", 10, -1, CENTRAL_2020).flags
    assert "approx_target" in score_quantitative(10, "≈", 280, 268, CENTRAL_2020).flags
    suspect = score_quantitative(10, "≥", 90, 0.95, CENTRAL_2020, target_unit="%")
    assert "percent_scale_suspect" in suspect.flags
    mismatch = score_quantitative(
        10, "≤", 90, 900_000, CENTRAL_2020, target_unit="万元", actual_unit="元"
    )
    assert "unit_mismatch" in mismatch.flags


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (132.9, (132.9, None)),
        ("132.9", (132.9, None)),
        ("95%", (95.0, "%")),
        ("100百分比", (100.0, "%")),
        ("3次", (3.0, "次")),
        ("1,234.5", (1234.5, None)),
        ("-5", (-5.0, None)),
        ("达成预期指标", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
        (True, (None, None)),
    ],
)
def test_parse_actual_number(cell: object, expected: tuple) -> None:
    assert parse_actual_number(cell) == expected


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
weights = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(weights, st.floats(min_value=0.01, max_value=1e6), finite)
def test_no_formula_exceeds_the_weight_or_goes_negative(w: float, a: float, b: float) -> None:
    for formula in (score_positive, score_equal, score_reverse_ratio, score_reverse_linear_2x):
        score = formula(w, a, b)
        assert 0 <= score <= round(w, 2) + 0.005
