"""Indicator weights (分值) per project-year: the form's own, or derived from the profile.

* All rows weighted on the form: kept; their sum is checked against 100 − execution weight
  (R9) and each class sum against the profile (``class_weight_differs``, information only).
* No weights: each class weight of the profile is split equally across the rows of that
  class (HEURISTIC, docs/rules.md#profiles), in cents, with the leftover cents going to the first
  rows so that the class still sums exactly (50 over 6 rows → 8.34, 8.34, 8.33 × 4).
* Some weights: the rest of each class weight is split equally over its blank rows.
* A class with no rows (e.g. no 满意度指标): ``missing_class_policy`` of the profile —
  ``to_output`` gives its weight to 产出 (S7), ``proportional`` spreads it over the present
  classes, ``rescale_to_100`` leaves weights alone and the total is rescaled to 100 later
  (S9). Always flagged.
* 成本指标 as a first-level class (new template) shares 产出's weight when the profile groups
  them (default), split by row count; flagged (UNCONFIRMED).

>>> split_equal(50, 6)
[8.34, 8.34, 8.33, 8.33, 8.33, 8.33]
"""

from __future__ import annotations

import pandas as pd

from kpi_analysis.analysis.scoring.flags import join_flags
from kpi_analysis.analysis.scoring.profiles import (
    COST,
    OUTPUT,
    ClassWeight,
    ScoringProfile,
    get_profile,
)
from kpi_analysis.text.numbers import TOLERANCE, as_float, fmt, round2

GROUP_KEYS = ("project_no", "project", "year")


def split_equal(total: float, count: int) -> list[float]:
    """``total`` split into ``count`` 2-decimal parts that sum exactly to it."""
    if count <= 0:
        return []
    cents = int(round2(max(total, 0.0)) * 100 + 0.5)
    base, extra = divmod(cents, count)
    return [(base + (1 if i < extra else 0)) / 100 for i in range(count)]


def _effective_weights(
    profile: ScoringProfile, present: list[ClassWeight], missing: list[ClassWeight]
) -> tuple[dict[ClassWeight, float], str]:
    """Class-group weights after the missing-class policy, with a note in Chinese."""
    weights = {group: group.weight for group in present}
    if not missing or not present:
        return weights, ""
    lost = sum(group.weight for group in missing)
    names = "、".join(group.label for group in missing)
    policy = profile.missing_class_policy
    if policy == "to_output":
        receiver = next((g for g in present if OUTPUT in g.classes), present[0])
        weights[receiver] += lost
        note = f"缺少{names}，其 {fmt(lost)} 分并入{receiver.label}（to_output）"
    elif policy == "proportional":
        scale = profile.indicator_total / sum(weights.values())
        weights = {group: weight * scale for group, weight in weights.items()}
        note = f"缺少{names}，其 {fmt(lost)} 分按比例分给其余类别（proportional）"
    else:
        note = f"缺少{names}，分值不变，总分按百分制折算（rescale_to_100）"
    return weights, note


def _assign_group(frame: pd.DataFrame, index: list, profile: ScoringProfile) -> dict:
    """Weights, bases, notes and flags for the rows of one project-year."""
    level1 = {i: str(frame.at[i, "level1"]) for i in index}
    given = {i: as_float(frame.at[i, "weight"]) if "weight" in frame else None for i in index}
    groups = {i: profile.group_of(level1[i]) for i in index}
    present = [g for g in profile.class_weights if any(groups[i] is g for i in index)]
    missing = [g for g in profile.class_weights if g not in present]
    flags: list[str] = []
    notes: list[str] = []
    if missing:
        flags.append("missing_class")
        if profile.missing_class_policy == "rescale_to_100":
            flags.append("missing_class_rescaled")
    for group in present:
        shares = OUTPUT in group.classes and COST in group.classes
        if shares and any(level1[i] == COST for i in index if groups[i] is group):
            flags.append("cost_shares_output")
    out: dict = {i: {"weight": None, "basis": "", "note": "", "flags": []} for i in index}
    for i in index:
        if groups[i] is None:
            out[i]["flags"].append("unknown_class")
    all_given = all(given[i] is not None for i in index)
    if all_given:
        total = sum(given.values())
        if abs(total - profile.indicator_total) > TOLERANCE:
            flags.append("weight_sum_mismatch")
            notes.append(f"指标分值合计 {fmt(total)}，应为 {fmt(profile.indicator_total)}")
        for group in present:
            class_sum = sum(given[i] for i in index if groups[i] is group)
            if abs(class_sum - group.weight) > TOLERANCE:
                flags.append("class_weight_differs")
                notes.append(f"{group.label}分值合计 {fmt(class_sum)}，规则为 {fmt(group.weight)}")
        if missing:
            names = "、".join(g.label for g in missing)
            notes.append(f"缺少{names}（分值按表中填写）")
        for i in index:
            out[i].update(weight=given[i], basis="given", note=f"分值 {fmt(given[i])}（表中填写）")
    else:
        effective, policy_note = _effective_weights(profile, present, missing)
        if policy_note:
            notes.append(policy_note)
        any_given = any(v is not None for v in given.values())
        flags.append("weights_partly_given" if any_given else "weights_equal_split")
        for group, weight in effective.items():
            rows = [i for i in index if groups[i] is group]
            blank = [i for i in rows if given[i] is None]
            taken = sum(given[i] for i in rows if given[i] is not None)
            parts = split_equal(weight - taken, len(blank))
            for i in rows:
                if given[i] is not None:
                    out[i].update(
                        weight=given[i], basis="given", note=f"分值 {fmt(given[i])}（表中填写）"
                    )
            for i, part in zip(blank, parts, strict=True):
                rest = f"剩余 {fmt(round2(weight - taken))}" if taken else fmt(round2(weight))
                out[i].update(
                    weight=part,
                    basis="equal_split",
                    note=f"分值 {fmt(part)} = {group.label} {rest} ÷ {len(blank)} 行"
                    "（未填分值，类内平均分配）",
                )
        for i in index:
            if groups[i] is None and given[i] is None:
                out[i].update(
                    weight=0.0, basis="unknown_class", note="一级指标不在评分规则中，分值记 0"
                )
    for i in index:
        out[i]["note"] = "；".join([out[i]["note"], *notes]).strip("；")
        out[i]["flags"] = join_flags([*out[i]["flags"], *flags])
    return out


def assign_weights(rows: pd.DataFrame, profile: ScoringProfile | str | None = None) -> pd.DataFrame:
    """A copy of ``rows`` with ``weight``, ``weight_basis``, ``weight_note``, ``weight_flags``.

    ``rows`` holds indicator rows with ``level1`` and the group keys (``project``/``year``,
    and ``project_no`` when present); a ``weight`` column, when present, is the form's 分值
    (NA = not given).
    """
    profile = get_profile(profile)
    original_index = rows.index
    frame = rows.reset_index(drop=True)
    keys = [k for k in GROUP_KEYS if k in frame.columns]
    results: dict = {}
    if len(frame):
        grouped = frame.groupby(keys, dropna=False, sort=False) if keys else [((), frame)]
        for _, part in grouped:
            results.update(_assign_group(frame, list(part.index), profile))
    order = list(frame.index)
    frame["weight"] = pd.array([results[i]["weight"] for i in order], dtype="Float64")
    frame["weight_basis"] = pd.array([results[i]["basis"] for i in order], dtype="string")
    frame["weight_note"] = pd.array([results[i]["note"] for i in order], dtype="string")
    frame["weight_flags"] = pd.array([results[i]["flags"] for i in order], dtype="string")
    return frame.set_axis(original_index)
