"""Quantitative (定量) indicator scores: w = 分值, A = 指标值, B = 实际完成值
(docs/rules.md#profiles).

* 正向 (≥, >) and 等于 (=) with A > 0: ``w × min(B/A, 1)`` (S10, S8).
* 等于 with A = 0: ``w`` if B ≤ 0, else 0 (S10).
* 反向 (≤, <), ``ratio`` (default): ``w × min(A/B, 1)``, B = 0 → w (S8, S9).
* 反向, ``linear_2x``: w if B ≤ A; ``w × (1 − (B−A)/A)`` if A < B < 2A; 0 if B ≥ 2A (S10).

A negative B is taken as 0 (S10). No score exceeds w. Over-achievement (B/A at or above the
profile threshold, default 1.2) on 正向/等于 rows is flagged, never penalised: the 10号
"按照偏离度适度调减分值" is left to the auditor. ``≈`` targets are scored as ``=``
(HEURISTIC). Scores are rounded half up to 2 decimals.

>>> score_positive(10, 20000, 9034)
4.52
>>> score_reverse_ratio(10, 202.6, 132.9)
10.0
>>> score_reverse_linear_2x(10, 100, 150)
5.0
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi_analysis.analysis.scoring.profiles import ScoringProfile
from kpi_analysis.text.grammar import PERCENT_UNITS
from kpi_analysis.text.numbers import as_float, fmt, fmt2, pct, round2

DIRECTIONS = {
    "≥": "positive",
    ">": "positive",
    "=": "equal",
    "≈": "equal",
    "≤": "reverse",
    "<": "reverse",
}


@dataclass(frozen=True)
class IndicatorScore:
    """The score of one indicator row with how it was reached."""

    score: float | None
    method: str
    explanation: str
    flags: tuple[str, ...] = ()
    completion: float | None = None
    band: str | None = None


def _clamp(weight: float, score: float) -> float:
    return round2(min(max(score, 0.0), weight))


def score_positive(weight: float, target: float, actual: float) -> float:
    """正向: ``w × min(B/A, 1)``; A ≤ 0 gives full marks for any B ≥ 0."""
    actual = max(actual, 0.0)
    if target <= 0:
        return round2(weight)
    return _clamp(weight, weight * min(actual / target, 1.0))


def score_equal(weight: float, target: float, actual: float) -> float:
    """等于: as 正向 when A > 0; with A = 0, full marks if B ≤ 0, else 0."""
    actual = max(actual, 0.0)
    if target == 0:
        return round2(weight) if actual <= 0 else 0.0
    return score_positive(weight, target, actual)


def score_reverse_ratio(weight: float, target: float, actual: float) -> float:
    """反向, ratio: ``w × min(A/B, 1)``; B = 0 gives full marks."""
    actual = max(actual, 0.0)
    if actual == 0:
        return round2(weight)
    return _clamp(weight, weight * min(target / actual, 1.0))


def score_reverse_linear_2x(weight: float, target: float, actual: float) -> float:
    """反向, linear_2x: full to A, falling linearly to 0 at 2A."""
    actual = max(actual, 0.0)
    if actual <= target:
        return round2(weight)
    if target <= 0 or actual >= 2 * target:
        return 0.0
    return _clamp(weight, weight * (1 - (actual - target) / target))


def _same_unit(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    fold = {"％": "%", "百分比": "%"}
    return fold.get(a, a) == fold.get(b, b)


def score_quantitative(
    weight: float,
    comparator: str,
    target: float,
    actual: float,
    profile: ScoringProfile,
    *,
    target_unit: str | None = None,
    actual_unit: str | None = None,
) -> IndicatorScore:
    """Score one 定量 row with the formula its comparator selects (see the module docstring)."""
    direction = DIRECTIONS.get(comparator)
    if direction is None or as_float(target) is None or as_float(actual) is None:
        return IndicatorScore(
            None, "unscored", "目标比较符或数值无法识别，未计分", ("not_scorable",)
        )
    w, a, b = float(weight), float(target), float(actual)
    flags: list[str] = []
    notes: list[str] = []
    unit = target_unit or ""
    if b < 0:
        flags.append("negative_actual")
        notes.append(f"实际完成值 {fmt(b)} 为负数，按 0 计")
        b = 0.0
    if a < 0:
        text = f"目标值 {fmt(a)} 为负数，公式不适用，未计分"
        return IndicatorScore(None, "unscored", text, ("not_scorable",))
    if comparator == "≈":
        flags.append("approx_target")
        notes.append("目标为约数（≈），按等于处理（启发式）")
    if not _same_unit(target_unit, actual_unit):
        flags.append("unit_mismatch")
        notes.append(f"实际单位“{actual_unit}”与目标单位“{target_unit}”不同，未换算")
    if unit in PERCENT_UNITS and a >= 1 and 0 < b <= 1:
        flags.append("percent_scale_suspect")
    completion: float | None = None
    inputs = f"w={fmt(w)}，A={fmt(a)}{unit}，B={fmt(b)}"
    if direction in ("positive", "equal") and a == 0:
        if direction == "equal":
            flags.append("zero_target")
            score = score_equal(w, a, b)
            method = "equal_zero"
            formula = f"等于指标（目标为0）：实际 ≤ 0 得满分，否则 0 分；{inputs} → {fmt2(score)}"
        else:
            score = score_positive(w, a, b)
            method = "positive"
            formula = f"正向指标（{comparator}0）：任何非负实际值均达标；{inputs} → {fmt2(score)}"
    elif direction in ("positive", "equal"):
        completion = b / a
        score = score_positive(w, a, b)
        method = direction
        name = "正向指标" if direction == "positive" else "等于指标（同正向）"
        formula = (
            f"{name}（{comparator}）：得分 = 分值 × min(实际 ÷ 目标, 1) = "
            f"{fmt(w)} × min({fmt(b)} ÷ {fmt(a)}, 1) = {fmt2(score)}（{inputs}）"
        )
        if completion >= profile.over_achievement_threshold:
            flags.append("over_achievement")
            notes.append(
                f"实际/目标 = {pct(completion)}，"
                f"达到超额阈值 {pct(profile.over_achievement_threshold)}，"
                "未扣分，请审核目标是否偏低"
            )
    elif profile.reverse_method == "ratio":
        completion = (a / b) if b > 0 else None
        score = score_reverse_ratio(w, a, b)
        method = "reverse_ratio"
        if b == 0:
            formula = (
                f"反向指标（{comparator}，比例法）：实际为 0，得满分 {fmt2(score)}（{inputs}）"
            )
        else:
            formula = (
                f"反向指标（{comparator}，比例法）：得分 = 分值 × min(目标 ÷ 实际, 1) = "
                f"{fmt(w)} × min({fmt(a)} ÷ {fmt(b)}, 1) = {fmt2(score)}（{inputs}）"
            )
    else:
        completion = (a / b) if b > 0 else None
        score = score_reverse_linear_2x(w, a, b)
        method = "reverse_linear_2x"
        formula = (
            f"反向指标（{comparator}，线性法 linear_2x）：实际 ≤ 目标得满分；目标 < 实际 < 2×目标时"
            f" 得分 = 分值 × (1 − (实际 − 目标) ÷ 目标)；实际 ≥ 2×目标得 0 分；"
            f"{inputs} → {fmt2(score)}"
        )
    text = "；".join([formula, *notes])
    return IndicatorScore(score, method, text, tuple(flags), completion=completion)
