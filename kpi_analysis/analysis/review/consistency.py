"""R7: annual targets and funding that do not follow from the mid-term ones.

Reads the tables of :mod:`kpi_analysis.analysis.compare` (computed once per review): pacing verdicts
listed in ``profile.pacing_severity``, annual-only and mid-term-only indicators, a mid-term
total below the annual one, and uneven funding phasing. All HEURISTIC (docs/rules.md#mid-term).
"""

from __future__ import annotations

import pandas as pd

from kpi_analysis.analysis.review.profile import ReviewProfile
from kpi_analysis.analysis.review.rules import (
    ReviewInput,
    finding,
    indicator_label,
    period_label,
    present,
    project_label,
    text,
)

_VERDICTS = {
    "exceeds_mid_term": "年度目标超过整个中期的目标，年度目标不应超过中期目标",
    "unit_mismatch": "年度与中期指标值的计量单位不同，无法衔接",
    "comparator_mismatch": "年度与中期指标值的方向相反（一为下限、一为上限）",
    "front_loaded": "年度目标高于按中期目标平均分摊的进度（前期集中）",
    "back_loaded": "年度目标低于按中期目标平均分摊的进度（后期集中）",
}


def _side(row: pd.Series, side: str) -> dict[str, object]:
    """An aligned row seen as one indicator row of ``side`` (``mid`` or ``annual``)."""
    period = "mid_term" if side == "mid" else "annual"
    return {
        "project_no": row["project_no"],
        "project": row["project"],
        "period": period,
        "level1": row["level1"],
        "level2": row["level2"],
        "indicator_no": row[f"indicator_no_{side}"],
        "indicator": row[f"indicator_{side}"],
        "source": row[f"source_{side}"],
        "year_start": row["year_start_mid"] if side == "mid" else row["year_annual"],
        "year_end": row["year_end_mid"] if side == "mid" else row["year_annual"],
    }


def _label(context: dict[str, object]) -> str:
    period = period_label(context["period"], context["year_start"], context["year_end"])
    return f"{project_label(context)}{period}{indicator_label(context)}"


def _pacing_finding(row: pd.Series, severity: str) -> dict[str, object]:
    context = _side(row, "annual")
    unit = text(row["unit"])
    detail = ""
    if present(row["ratio"]):
        if row["basis"] == "cumulative":
            basis = (
                f"中期目标{float(row['value_mid']):g}{unit}按{int(row['years'])}年平均"
                f"每年{float(row['expected_annual']):.4g}{unit}"
            )
        else:
            basis = f"中期每年目标{float(row['expected_annual']):.4g}{unit}"
        detail = (
            f"，{basis}，年度目标{float(row['annual_per_year']):.4g}{unit}，"
            f"比值{float(row['ratio']):.2f}"
        )
    message = (
        f"{_label(context)}：年度指标值「{text(row['target_annual'])}」与中期指标值"
        f"「{text(row['target_mid'])}」不衔接——{_VERDICTS[text(row['pacing'])]}{detail}，请核实。"
    )
    return finding("R7", severity, message, context)


def check_indicators(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R7 over the aligned indicator pairs."""
    out = []
    severities = dict(profile.pacing_severity)
    for _, row in tables.comparison.iterrows():
        verdict = text(row["pacing"]) if "pacing" in row else ""
        if verdict in severities and verdict in _VERDICTS:
            out.append(_pacing_finding(row, severities[verdict]))
        if not profile.report_unmatched:
            continue
        if row["status"] == "annual_only":
            context = _side(row, "annual")
            message = f"{_label(context)}在中期目标中没有对应指标，请确认年度目标与中期目标的衔接。"
            out.append(finding("R7", "info", message, context))
        elif row["status"] == "mid_term_only":
            context = _side(row, "mid")
            message = f"{_label(context)}在年度目标中没有对应指标，请确认本年度是否不安排该项目标。"
            out.append(finding("R7", "info", message, context))
    return out


def _wan(value: object) -> str:
    return f"{float(value):g}万元"


def check_funding(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R7 over the funding phasing table: mid-term below annual, uneven phasing."""
    out = []
    low, high = profile.comparison.phasing_band
    for _, row in tables.phasing.iterrows():
        context = {"project_no": row["project_no"], "project": row["project"], "period": "mid_term"}
        label = project_label(context) + period_label(
            "mid_term", row["year_start_mid"], row["year_end_mid"]
        )
        if present(row["mid_covers_annual"]) and not bool(row["mid_covers_annual"]):
            message = (
                f"{label}中期资金总额{_wan(row['mid_total'])}（财政拨款{_wan(row['mid_fiscal'])}）"
                f"低于年度资金总额{_wan(row['annual_total'])}"
                f"（财政拨款{_wan(row['annual_fiscal'])}），中期资金应不少于年度资金。"
            )
            out.append(finding("R7", "error", message, context, source=row["source_mid"]))
        if row["phasing"] == "uneven":
            message = (
                f"{label}中期资金总额{_wan(row['mid_total'])}是年度资金总额"
                f"{_wan(row['annual_total'])}×{int(row['years'])}年的{float(row['phasing_ratio']):.2f}倍，"
                f"超出{low:g}～{high:g}倍的参考区间，资金安排不均衡，请核实（前后期集中安排可能合理）。"
            )
            out.append(finding("R7", "info", message, context, source=row["source_mid"]))
    return out
