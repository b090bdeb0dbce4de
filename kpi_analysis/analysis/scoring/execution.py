"""Budget execution (预算执行率) score: rate = 全年执行数 ÷ 全年预算数, score = weight × rate.

全年预算数 is the adjusted budget (调整后预算数, S7, S8). The rate is clipped to
[0, ``profile.execution_rate_cap``] before scoring (S8 "得分不得突破权重总额"); the score is
rounded half up to 2 decimals. Real check (S5): 215,457.6 / 250,000 → 8.62.

>>> from kpi_analysis.analysis.scoring.profiles import CENTRAL_2020
>>> score_execution_amounts(250000, 215457.6, CENTRAL_2020).score
8.62
>>> score_execution_amounts(20000, 9034, CENTRAL_2020).score
4.52
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi_analysis.analysis.scoring.flags import describe_flags, join_flags
from kpi_analysis.analysis.scoring.profiles import ScoringProfile, get_profile
from kpi_analysis.tables.schema import AMOUNT_WAN, FLOAT, INT, RATE, SCORE, STRING, TableSchema
from kpi_analysis.text.numbers import TOLERANCE, as_float, fmt, fmt2, is_missing, pct, round2

EXECUTION = TableSchema(
    "execution",
    (
        ("project_no", INT),
        ("project", STRING),
        ("year", INT),
        ("budget_initial", FLOAT, AMOUNT_WAN),
        ("budget_full", FLOAT, AMOUNT_WAN),
        ("executed", FLOAT, AMOUNT_WAN),
        ("amount_unit", STRING),
        ("execution_weight", FLOAT, SCORE),
        ("execution_rate", FLOAT, RATE),
        ("execution_score", FLOAT, SCORE),
        ("published_rate", FLOAT, RATE),
        ("published_score", FLOAT, SCORE),
        ("score_diff", FLOAT, SCORE),
        ("published_total", FLOAT, SCORE),
        ("reason", STRING),
        ("explanation", STRING),
        ("flags", STRING),
        ("profile", STRING),
    ),
)
"""One row per project × year. ``execution_rate`` is the rate before the cap."""

BLANK_REASONS = frozenset({"", "无", "/", "—", "-", "——", "不适用", "无。"})


@dataclass(frozen=True)
class ExecutionScore:
    """The execution result of one project-year."""

    rate: float | None
    score: float | None
    explanation: str
    flags: tuple[str, ...]


def has_reason(text: object) -> bool:
    """True when a reason cell says something (not blank, "无", "/" …)."""
    return not is_missing(text) and str(text).strip() not in BLANK_REASONS


def score_execution_amounts(
    budget_full: object,
    executed: object,
    profile: ScoringProfile,
    *,
    reason: object = None,
    unit: str = "",
) -> ExecutionScore:
    """Score one project-year from its full-year budget and executed amount."""
    weight = profile.execution_weight
    budget, spent = as_float(budget_full), as_float(executed)
    flags: list[str] = []
    if budget is None or spent is None:
        text = f"缺少全年预算数或全年执行数，无法计算预算执行率（分值 {fmt(weight)}）"
        return ExecutionScore(None, None, text, ("budget_missing",))
    if budget < 0 or spent < 0:
        flags.append("negative_amount")
    if budget <= 0:
        flags.append("budget_zero")
        text = (
            f"全年预算数为 {fmt(budget)}{unit}，执行率无法计算，预算执行率得分记 0.00"
            f"（全年执行数 {fmt(spent)}{unit}）"
        )
        return ExecutionScore(None, 0.0, text, tuple(flags))
    rate = spent / budget
    used = min(max(rate, 0.0), profile.execution_rate_cap)
    score = round2(weight * used)
    text = (
        f"预算执行率 = 全年执行数 ÷ 全年预算数 = {fmt(spent)}{unit} ÷ {fmt(budget)}{unit}"
        f" = {pct(rate)}；"
    )
    if used != rate:
        flags.append("executed_above_budget" if rate > used else "negative_amount")
        text += f"按 [0, {pct(profile.execution_rate_cap)}] 截取为 {pct(used)}；"
    text += f"得分 = 分值 {fmt(weight)} × 执行率 = {fmt2(score)}"
    if rate < profile.rate_reason_threshold:
        if has_reason(reason):
            text += f"；执行率低于{pct(profile.rate_reason_threshold)}，已说明原因"
        else:
            flags.append("rate_below_threshold_no_reason")
            text += f"；执行率低于{pct(profile.rate_reason_threshold)}，未说明原因"
    return ExecutionScore(rate, score, text, tuple(flags))


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series([pd.NA] * len(frame), index=frame.index, dtype="object")


def score_execution(
    funding: pd.DataFrame, profile: ScoringProfile | str | None = None
) -> pd.DataFrame:
    """Score budget execution for each row (project × year) of ``funding``.

    Required columns: ``project``, ``year``, ``budget_full``, ``executed``. Optional:
    ``project_no``, ``budget_initial``, ``amount_unit`` (default 万元), ``reason``,
    ``execution_weight`` (the form's 分值), ``published_rate``, ``published_score``,
    ``published_total`` (a self-evaluation form's printed numbers, kept as published).
    The input is not modified.
    """
    profile = get_profile(profile)
    missing = [c for c in ("project", "year", "budget_full", "executed") if c not in funding]
    if missing:
        raise ValueError(f"score_execution: missing columns {missing}")
    rows = []
    for idx in funding.index:
        get = {name: _column(funding, name)[idx] for name in EXECUTION.names}
        unit = "万元" if is_missing(get["amount_unit"]) else str(get["amount_unit"])
        result = score_execution_amounts(
            get["budget_full"], get["executed"], profile, reason=get["reason"], unit=unit
        )
        flags = list(result.flags)
        form_weight = as_float(get["execution_weight"])
        if form_weight is not None and abs(form_weight - profile.execution_weight) > TOLERANCE:
            flags.append("execution_weight_differs")
        published = as_float(get["published_score"])
        diff = None
        if published is not None and result.score is not None:
            diff = round2(published - result.score)
            if abs(diff) > TOLERANCE:
                flags.append("published_differs")
        text = result.explanation
        if published is not None:
            text += f"；表中得分 {fmt2(published)}"
        codes = join_flags(flags)
        if codes:
            text += f"；提示：{describe_flags(codes)}"
        text += f"；评分规则 {profile.label()}"
        rows.append(
            {
                "project_no": get["project_no"],
                "project": get["project"],
                "year": get["year"],
                "budget_initial": as_float(get["budget_initial"]),
                "budget_full": as_float(get["budget_full"]),
                "executed": as_float(get["executed"]),
                "amount_unit": unit,
                "execution_weight": profile.execution_weight,
                "execution_rate": None if result.rate is None else round(result.rate, 6),
                "execution_score": result.score,
                "published_rate": as_float(get["published_rate"]),
                "published_score": published,
                "score_diff": diff,
                "published_total": as_float(get["published_total"]),
                "reason": None if is_missing(get["reason"]) else str(get["reason"]),
                "explanation": text,
                "flags": codes,
                "profile": profile.name,
            }
        )
    frame = pd.DataFrame(rows, columns=EXECUTION.names)
    return EXECUTION.coerce(frame.astype(object).where(frame.notna(), None))
