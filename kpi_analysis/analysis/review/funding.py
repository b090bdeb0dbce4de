"""R11: funding identities (total = 财政拨款 + 其他资金 on both sides; the narrative's
年度预算安排 equals the annual total)."""

from __future__ import annotations

from kpi_analysis.analysis.review.profile import ReviewProfile
from kpi_analysis.analysis.review.rules import (
    ReviewInput,
    finding,
    period_label,
    present,
    project_label,
)


def _wan(value: object) -> str:
    return f"{float(value):g}万元"


def check_identities(tables: ReviewInput, profile: ReviewProfile) -> list[dict[str, object]]:
    """R11 over the funding phasing table of
    :func:`kpi_analysis.analysis.compare.funding_phasing`."""
    out = []
    tolerance = profile.comparison.amount_tolerance_wan
    for _, row in tables.phasing.iterrows():
        for side, period in (("mid", "mid_term"), ("annual", "annual")):
            gap = row[f"{side}_identity_gap"]
            if not present(gap) or abs(float(gap)) <= tolerance:
                continue
            years = (
                (row["year_start_mid"], row["year_end_mid"])
                if side == "mid"
                else (row["year_annual"], None)
            )
            context = {"project_no": row["project_no"], "project": row["project"], "period": period}
            label = project_label(context) + period_label(period, *years)
            name = "中期资金总额" if side == "mid" else "年度资金总额"
            message = (
                f"{label}{name}{_wan(row[f'{side}_total'])}不等于财政拨款"
                f"{_wan(row[f'{side}_fiscal'])}与其他资金{_wan(row[f'{side}_other'])}之和"
                f"（相差{_wan(gap)}），请核实。"
            )
            out.append(finding("R11", "error", message, context, source=row[f"source_{side}"]))
        gap = row["budget_gap"]
        if present(gap) and abs(float(gap)) > tolerance:
            context = {
                "project_no": row["project_no"],
                "project": row["project"],
                "period": "annual",
            }
            message = (
                f"{project_label(context)}项目说明中的年度预算安排{_wan(row['budget_wan'])}"
                f"与绩效目标表年度资金总额{_wan(row['annual_total'])}不一致，请核实。"
            )
            out.append(finding("R11", "warning", message, context, source=row["source_annual"]))
    return out
