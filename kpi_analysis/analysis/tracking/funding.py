"""Funding by project and year: budget, executed, execution rate, cumulative against mid-term.

Rates below the profile's threshold (90 %, S7 "预算执行率未达到90%的需说明原因") without a
written reason are flagged; cumulative spending is set against the mid-term total (docs/rules.md
§7.5: Σ annual 全年执行数 vs mid_total).
"""

from __future__ import annotations

import pandas as pd

from kpi_analysis.analysis.scoring.execution import has_reason
from kpi_analysis.analysis.scoring.profiles import ScoringProfile, get_profile
from kpi_analysis.tables.year_targets import project_key
from kpi_analysis.text.numbers import as_float, is_missing

__all__ = ["FUNDING_COLUMNS", "funding_by_year"]


FUNDING_COLUMNS = (
    "project_no",
    "project",
    "year",
    "annual_budget",
    "budget_initial",
    "budget_full",
    "executed",
    "execution_rate",
    "reason",
    "low_rate_without_reason",
    "cumulative_executed",
    "mid_term_total",
    "mid_term_years",
    "cumulative_share",
    "remaining",
    "exceeds_mid_term",
    "note",
)


def funding_by_year(
    execution: pd.DataFrame,
    plan: pd.DataFrame | None = None,
    profile: ScoringProfile | str | None = None,
) -> pd.DataFrame:
    """Budget, executed and execution rate by project and year, cumulated against the mid-term.

    ``execution`` has one row per project × year with ``project``, ``year``, ``budget_full``,
    ``executed`` and optionally ``project_no``, ``budget_initial``, ``reason`` and
    ``mid_term_total`` (amounts in 万元): the actuals workbook's funding sheet, the output of
    :func:`kpi_analysis.analysis.scoring.score_execution` or
    :func:`kpi_analysis.tables.selfeval.execution_inputs`.
    ``plan`` is :func:`kpi_analysis.tables.actuals.funding_for_years` output (annual budget and
    mid-term total from the target documents); where given it supplies the mid-term total.
    A rate below the profile's ``rate_reason_threshold`` (90 %) without a reason is flagged.
    """
    profile = get_profile(profile)
    frame = execution.copy()
    for name in ("project_no", "budget_initial", "reason", "mid_term_total"):
        if name not in frame.columns:
            frame[name] = pd.NA
    frame["_key"] = frame["project"].map(project_key)
    plan_rows: dict[tuple[str, int], dict] = {}
    if plan is not None:
        for row in plan.to_dict("records"):
            plan_rows[(project_key(row["project"]), int(row["year"]))] = row
    rows = []
    for key, part in frame.sort_values("year").groupby("_key", sort=False):
        cumulative = 0.0
        for row in part.to_dict("records"):
            year = int(row["year"])
            planned = plan_rows.get((str(key), year), {})
            budget, spent = as_float(row["budget_full"]), as_float(row["executed"])
            rate = spent / budget if budget and spent is not None else None
            low = rate is not None and rate < profile.rate_reason_threshold
            reason = None if is_missing(row["reason"]) else str(row["reason"])
            cumulative += spent or 0.0
            mid_total = as_float(planned.get("mid_term_total"))
            if mid_total is None:
                mid_total = as_float(row["mid_term_total"])
            notes = []
            if low:
                notes.append(
                    f"执行率低于{profile.rate_reason_threshold:.0%}"
                    + ("，已说明原因" if has_reason(reason) else "，未说明原因")
                )
            exceeds = mid_total is not None and cumulative > mid_total + 0.005
            if exceeds:
                notes.append(f"累计执行 {cumulative:g} 万元超过中期资金总额 {mid_total:g} 万元")
            rows.append(
                {
                    "project_no": row["project_no"]
                    if not is_missing(row["project_no"])
                    else planned.get("project_no"),
                    "project": row["project"],
                    "year": year,
                    "annual_budget": as_float(planned.get("annual_budget")),
                    "budget_initial": as_float(row["budget_initial"]),
                    "budget_full": budget,
                    "executed": spent,
                    "execution_rate": None if rate is None else round(rate, 6),
                    "reason": reason,
                    "low_rate_without_reason": low and not has_reason(reason),
                    "cumulative_executed": round(cumulative, 6),
                    "mid_term_total": mid_total,
                    "mid_term_years": planned.get("mid_term_years") or None,
                    "cumulative_share": round(cumulative / mid_total, 6) if mid_total else None,
                    "remaining": round(mid_total - cumulative, 6)
                    if mid_total is not None
                    else None,
                    "exceeds_mid_term": exceeds,
                    "note": "；".join(notes) or None,
                }
            )
    out = pd.DataFrame(rows, columns=list(FUNDING_COLUMNS)).astype(object)
    out = out.where(out.notna(), None)
    dtypes = {name: "Float64" for name in FUNDING_COLUMNS}
    dtypes.update(
        project_no="Int64",
        year="Int64",
        project="string",
        reason="string",
        mid_term_years="string",
        note="string",
        low_rate_without_reason="boolean",
        exceeds_mid_term="boolean",
    )
    out = out.astype(dtypes)
    return out.sort_values(["project_no", "year"], kind="stable").reset_index(drop=True)
