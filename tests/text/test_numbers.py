"""Display rounding: once, half up, on the decimal text; exact sums; bands on the shown value."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi_analysis.text import numbers as scoring_numbers
from kpi_analysis.text.numbers import (
    band_for,
    format_number,
    format_percent,
    format_wan,
    round_decimal,
    round_half_up,
    sum_exact,
    to_decimal,
)

GRADES = [(90, "优"), (80, "良"), (60, "中"), (0, "差")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.675, 2.68),  # stored as 2.67499999…: Python's round() gives 2.67
        (1.005, 1.01),  # stored as 1.00499999…
        (89.995, 90.0),
        (89.994, 89.99),
        (-2.675, -2.68),  # half away from zero, as 四舍五入 on a printed amount
        (0.1 + 0.2, 0.3),
        (5, 5.0),
    ],
)
def test_round_half_up_works_on_the_decimal_text(value, expected) -> None:
    assert round_half_up(value, 2) == expected


def test_python_round_would_get_the_boundaries_wrong() -> None:
    # the reason for the module: binary floats sit just below these halves
    assert round(2.675, 2) == 2.67 and round(1.005, 2) == 1.0


def test_round_half_up_other_digits_and_odd_inputs() -> None:
    assert round_half_up(0.795, 2) == 0.8 and round_half_up(44.5, 0) == 45.0
    assert round_half_up(np.float64(2.675), 2) == 2.68
    assert round_half_up(Decimal("2.675"), 2) == 2.68
    assert math.isnan(round_half_up(float("nan"), 2))
    assert round_half_up(float("inf"), 2) == float("inf")


def test_to_decimal_and_round_decimal() -> None:
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal("12.50") == Decimal("12.50")
    assert [to_decimal(v) for v in (None, pd.NA, float("nan"), True, "十", float("inf"))] == [
        None
    ] * 6
    assert round_decimal(2.675) == Decimal("2.68")
    assert round_decimal(None) is None


def test_sums_are_exact_so_no_float_drift_is_shown() -> None:
    assert 0.1 + 0.2 != 0.3  # the drift…
    assert format_wan(0.1 + 0.2) == "0.30"  # …never reaches two decimals
    assert sum_exact([0.1, 0.2]) == Decimal("0.3")
    # a float sum can fall just below a half: 0.03 + 0.005 = 0.034999…
    assert format_wan(0.03 + 0.005) == "0.03"
    assert format_wan(sum_exact([0.03, 0.005])) == "0.04"
    assert sum_exact([1.5, None, float("nan"), pd.NA, 2]) == Decimal("3.5")
    assert sum_exact(pd.Series([0.1] * 10)) == Decimal("1.0")


def test_format_wan() -> None:
    assert format_wan(1234.5) == "1,234.50"
    assert format_wan(90) == "90.00"
    assert format_wan(-0.001) == "0.00"  # no "-0.00"
    assert format_wan(-12.345) == "-12.35"
    assert format_wan(2.5, unit=True) == "2.50 万元"
    assert format_wan(None) == "—" and format_wan(None, unit=True) == "—"


def test_format_number_and_percent() -> None:
    assert format_number(89.995) == "90.00"
    assert format_number(1234.5, 1, grouping=True) == "1,234.5"
    assert format_percent(0.45175) == "45.18%"
    assert format_percent(0.01005) == "1.01%"  # 0.01005 * 100 in floats is 1.0049999…
    assert format_percent(None) == "—"


def test_scoring_rounds_with_the_same_rule() -> None:
    for value in (2.675, 1.005, 89.995, -2.675, 0.1 + 0.2):
        assert scoring_numbers.round2(value) == round_half_up(value, 2)
    assert scoring_numbers.pct(0.01005) == "1.01%"
    assert scoring_numbers.is_missing(pd.NA) and scoring_numbers.as_float("3") == 3.0


# --------------------------------------------------------------------------- bands
@pytest.mark.parametrize(
    ("value", "band"),
    [
        (89.995, "优"),  # shown as 90.00
        (89.994, "良"),  # shown as 89.99
        (90, "优"),
        (79.995, "良"),
        (59.994, "差"),
        (0, "差"),
    ],
)
def test_band_is_chosen_for_the_value_as_shown(value, band) -> None:
    assert band_for(value, GRADES) == band


def test_comparing_the_unrounded_float_would_colour_90_00_as_below_90() -> None:
    value = 89.995
    assert format_number(value) == "90.00" and value < 90
    assert band_for(value, GRADES) == "优"


def test_band_edge_cases() -> None:
    assert band_for(None, GRADES) is None
    assert band_for(-1, GRADES) is None  # below every bound
    assert band_for(85, list(reversed(GRADES))) == "良"  # order does not matter
    assert band_for(0.795, [(0.8, "正常"), (0, "偏慢")], digits=2) == "正常"
    assert band_for(0.795, [(0.8, "正常"), (0, "偏慢")], digits=3) == "偏慢"
    with pytest.raises(ValueError, match="not a number"):
        band_for(1, [("高", "x")])


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(-(10**9), 10**9), tail=st.sampled_from([0, 4, 5, 6]))
def test_rounding_matches_schoolbook_rounding_of_the_written_number(cents, tail) -> None:
    # the number as written: cents/100 plus one more digit; 四舍五入 on that digit
    text = f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}{tail}"
    value = float(text)
    expected_cents = abs(cents) + (1 if tail >= 5 else 0)
    expected = f"{'-' if cents < 0 and expected_cents else ''}{expected_cents // 100}"
    expected += f".{expected_cents % 100:02d}"
    assert format_number(value) == expected
