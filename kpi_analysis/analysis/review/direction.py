"""R4: the comparator points the wrong way for the kind of indicator.

Less is better for costs, time limits and negative counts (差错率, 投诉率 …), so ``≥`` there is
a clash; more is better for rates such as 合格率 or 覆盖率, so ``≤`` there is a clash.
"""

from __future__ import annotations

import re

import pandas as pd

from kpi_analysis.analysis.compare import unit_scale
from kpi_analysis.analysis.review.profile import ReviewProfile
from kpi_analysis.analysis.review.rules import ReviewInput, finding, text, where

_FLOOR, _CEILING = ("≥", ">"), ("≤", "<")


def _clash(row: pd.Series, profile: ReviewProfile, negative: re.Pattern[str]) -> str | None:
    """What the clash is, in Chinese, or None."""
    comparator, name = text(row["comparator"]), text(row["indicator"])
    unit = text(row["unit"])
    base, _ = unit_scale(unit)
    is_money = base is not None and base.split("/")[0] == "万元"
    is_cost = row["level2"] in profile.cost_level2 or row["level1"] == "成本指标"
    is_cost = is_cost or any(word in name for word in profile.cost_words)
    is_time = row["level2"] in profile.time_level2 or any(
        word in name for word in profile.time_name_words
    )
    is_negative = negative.search(name) is not None
    if comparator in _FLOOR:
        if is_cost and is_money:
            return "成本类指标应设为上限（≤），却设为下限（≥）"
        if is_time and unit in profile.duration_units:
            return "时限类指标应设为上限（≤），却设为下限（≥）"
        if is_negative:
            return "该指标越少越好，应设为上限（≤），却设为下限（≥）"
    positive = any(word in name for word in profile.positive_rate_words)
    if comparator in _CEILING and unit == "%" and positive and not is_negative:
        return "比率类指标越高越好，应设为下限（≥），却设为上限（≤）"
    return None


def check_direction(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R4: cost or time indicators with ≥, positive rates with ≤."""
    out = []
    negative = re.compile(profile.negative_rate_pattern)
    frame = tables.indicators
    for _, row in frame[frame["kind"].isin(["quantitative", "timing"])].iterrows():
        clash = _clash(row, profile, negative)
        if clash is not None:
            message = f"{where(row)}的指标值「{text(row['target'])}」：{clash}，请核实指标方向。"
            out.append(finding("R4", "warning", message, row))
    return out
