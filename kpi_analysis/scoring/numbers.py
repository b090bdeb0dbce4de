"""Rounding and number formatting shared by the scoring modules.

Forms print scores with two decimals rounded half up (四舍五入), so ``round2`` rounds the
decimal text of a float, not its binary value: ``round2(2.675) == 2.68`` whereas Python's
``round(2.675, 2)`` gives ``2.67`` (2.675 is stored as 2.67499…).

>>> round2(4.517)
4.52
>>> round2(89.995), round2(2.675)
(90.0, 2.68)
>>> fmt(30.0), fmt(8.3333333), fmt(215457.6)
('30', '8.3333', '215457.6')
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

TOLERANCE = 0.005
"""Two 2-decimal numbers closer than this are equal (published vs computed scores)."""


def round2(value: float) -> float:
    """Round half up to two decimals, as printed on the forms."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pandas NA (False for lists and other containers)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # containers
        return False


def as_float(value: object) -> float | None:
    """The value as a float, or None when it is missing or not a number."""
    if is_missing(value) or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def fmt(value: float | None, digits: int = 4) -> str:
    """A number for explanations: up to ``digits`` decimals, trailing zeros dropped."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt2(value: float | None) -> str:
    """A score with exactly two decimals."""
    return "—" if value is None else f"{round2(value):.2f}"


def pct(rate: float | None) -> str:
    """A rate as a percentage with two decimals (0.4517 → ``45.17%``)."""
    return "—" if rate is None else f"{round2(rate * 100):.2f}%"
