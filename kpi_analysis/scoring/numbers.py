"""Rounding and number formatting shared by the scoring modules.

Rounding, missing-value and float helpers come from :mod:`kpi_analysis.numbers` (one
rounding rule for the whole package); this module adds the scoring module's text formats.

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

from kpi_analysis.numbers import as_float, format_percent, is_missing, round_half_up

__all__ = ["TOLERANCE", "as_float", "fmt", "fmt2", "is_missing", "pct", "round2"]

TOLERANCE = 0.005
"""Two 2-decimal numbers closer than this are equal (published vs computed scores)."""


def round2(value: float) -> float:
    """Round half up to two decimals, as printed on the forms (:func:`round_half_up`)."""
    return round_half_up(value, 2)


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
    return "—" if rate is None else format_percent(rate, 2)
