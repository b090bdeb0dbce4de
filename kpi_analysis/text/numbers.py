"""Exact display of amounts and scores: round once, half up, on the number's decimal text.

Policy (the README's “可靠性” section repeats it):

- the tidy tables, CSV and Parquet files keep the values as read or computed; nothing is
  rounded on the way in or in between;
- a number is rounded once, when it is shown (a report, a chart label, an Excel cell's
  number format): half up (四舍五入), as forms print them, on the decimal text of the value,
  so ``2.675`` shows ``2.68`` (Python's ``round`` gives ``2.67``: 2.675 is stored as
  2.67499…);
- sums shown to users are added exactly (:func:`sum_exact`, in :class:`~decimal.Decimal` on
  each value's decimal text), so float drift never reaches the shown digits: 0.1 + 0.2 shows
  ``0.30``, and 0.03 + 0.005 shows ``0.04`` (the float sum 0.034999… would show 0.03);
- amounts are in 万元 with two decimals (:func:`format_wan`);
- a colour band or grade is chosen for the value as shown (:func:`band_for` rounds first), so
  a table never shows ``90.00`` in the colour of “below 90”.

>>> format_wan(0.1 + 0.2)
'0.30'
>>> format_wan(sum_exact([0.03, 0.005])), format_wan(0.03 + 0.005)
('0.04', '0.03')
>>> round_half_up(2.675, 2), round_half_up(89.995, 2)
(2.68, 90.0)
>>> band_for(89.995, [(90, "优"), (80, "良"), (60, "中"), (0, "差")])
'优'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TypeVar

import pandas as pd

T = TypeVar("T")

MISSING_TEXT = "—"


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pandas NA (False for lists and other containers)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # containers
        return False


def to_decimal(value: object) -> Decimal | None:
    """The number's decimal text as a :class:`Decimal` (``0.1`` → ``Decimal('0.1')``).

    None for missing values, booleans, text that is not a number and infinities.
    """
    if is_missing(value) or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            return None
    return number if number.is_finite() else None


def round_decimal(value: object, digits: int = 2) -> Decimal | None:
    """``value`` rounded half up to ``digits`` decimals, as a Decimal (None when missing)."""
    number = to_decimal(value)
    if number is None:
        return None
    try:
        return number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # too many digits to round (1e308): shown as it is
        return number


def round_half_up(value: float, digits: int = 2) -> float:
    """Round half up (四舍五入) on the decimal text of ``value``: ``2.675`` → ``2.68``.

    NaN and infinities are returned unchanged.
    """
    rounded = round_decimal(value, digits)
    return float(value) if rounded is None else float(rounded)


def sum_exact(values: Iterable[object]) -> Decimal:
    """The exact sum of the numbers' decimal texts; missing values are skipped."""
    total = Decimal(0)
    for value in values:
        number = to_decimal(value)
        if number is not None:
            total += number
    return total


def format_number(value: object, digits: int = 2, *, grouping: bool = False) -> str:
    """``value`` with exactly ``digits`` decimals, rounded half up (``—`` when missing)."""
    rounded = round_decimal(value, digits)
    if rounded is None:
        return MISSING_TEXT
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.00"
    return f"{rounded:,.{digits}f}" if grouping else f"{rounded:.{digits}f}"


def format_compact(value: object, digits: int = 2) -> str:
    """``value`` rounded half up to ``digits`` decimals, trailing zeros dropped.

    For weights in running text: ``100 / 3`` → ``33.33``, ``49.99999999999999`` → ``50``.

    >>> format_compact(100 / 3), format_compact(49.99999999999999), format_compact(12.5)
    ('33.33', '50', '12.5')
    """
    text = format_number(value, digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_wan(value: object, *, unit: bool = False) -> str:
    """An amount in 万元 with two decimals and thousands separators: ``1,234.50``.

    With ``unit`` the unit follows: ``1,234.50 万元``.
    """
    text = format_number(value, 2, grouping=True)
    return f"{text} 万元" if unit and text != MISSING_TEXT else text


def format_percent(rate: object, digits: int = 2) -> str:
    """A fraction as a percentage, rounded half up once: ``0.45175`` → ``45.18%``."""
    number = to_decimal(rate)
    if number is None:
        return MISSING_TEXT
    return format_number(number * 100, digits) + "%"


def band_for(value: object, bands: Sequence[tuple[float, T]], digits: int = 2) -> T | None:
    """The band of ``value`` as shown with ``digits`` decimals.

    ``bands`` are (inclusive lower bound, band) pairs in any order; the band with the highest
    lower bound not above the rounded value wins. None for a missing value or one below
    every bound. The comparison is exact (Decimal), so ``89.995`` (shown ``90.00``) is in
    the band from 90, and ``89.994`` (shown ``89.99``) is not.
    """
    shown = round_decimal(value, digits)
    if shown is None:
        return None
    best: tuple[Decimal, T] | None = None
    for lower, band in bands:
        bound = to_decimal(lower)
        if bound is None:
            raise ValueError(f"band bound is not a number: {lower!r}")
        if shown >= bound and (best is None or bound > best[0]):
            best = (bound, band)
    return None if best is None else best[1]


def as_float(value: object) -> float | None:
    """The value as a float, or None when it is missing or not a number."""
    if is_missing(value) or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


# -- score formats (scores are printed with two decimals, rounded half up) --
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
