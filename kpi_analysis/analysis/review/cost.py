"""Cost indicators: none at all (R6), or a 成本指标 row that states no money or cost (R15)."""

from __future__ import annotations

import pandas as pd

from kpi_analysis.analysis.compare import document_of, unit_scale
from kpi_analysis.analysis.review.profile import ReviewProfile
from kpi_analysis.analysis.review.rules import (
    ReviewInput,
    finding,
    project_period,
    text,
    where,
)


def _cost_rows(frame: pd.DataFrame, profile: ReviewProfile) -> pd.Series:
    """Rows filed as cost indicators (二级 成本指标 …, or 一级 成本指标 in the new template)."""
    return frame["level2"].isin(profile.cost_level2) | (frame["level1"] == "成本指标")


def _real(frame: pd.DataFrame) -> pd.Series:
    return ~frame["placeholder"].fillna(False).astype(bool)


def check_missing(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R6: a project period without any filled-in cost indicator."""
    out: list[dict[str, object]] = []
    frame = tables.indicators.assign(document=document_of(tables.indicators["source"]))
    for _, rows in frame.groupby(["document", "project_no", "period"], sort=False, dropna=False):
        cost = _cost_rows(rows, profile)
        if (cost & _real(rows)).any():
            continue
        first = rows.iloc[0]
        context, label = project_period(first)
        if cost.any():
            blank = rows[cost].iloc[0]
            context.update(level1=blank["level1"], level2=blank["level2"])
            message = f"{label}的成本指标未填写（只有空白模板行），未设置成本控制目标。"
            source = blank["source"]
        else:
            message = f"{label}没有设置成本指标，未反映成本控制要求。"
            source = first["source"]
        out.append(finding("R6", "warning", message, context, source=source))
    return out


def _states_cost(row: pd.Series, profile: ReviewProfile) -> bool:
    base, _ = unit_scale(row["unit"])
    if base is not None and base.split("/")[0] == "万元":
        return True
    words = text(row["indicator"]) + text(row["target"]) + text(row["standard"])
    return any(word in words for word in profile.cost_words)


def check_content(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R15: a filled-in cost indicator with no amount of money and no cost word."""
    out = []
    frame = tables.indicators
    for _, row in frame[_cost_rows(frame, profile) & _real(frame)].iterrows():
        if _states_cost(row, profile):
            continue
        target = text(row["target"])
        shown = f"（指标值「{target}」）" if target else ""
        message = (
            f"{where(row)}{shown}列在成本指标下，但没有金额或成本内容，"
            "不反映成本控制要求，应改列到相应指标类别，并设置成本指标（如单位成本、总成本控制数）。"
        )
        out.append(finding("R15", "warning", message, row))
    return out
