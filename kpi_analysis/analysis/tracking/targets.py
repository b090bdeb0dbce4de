"""Each year measured against its own annual targets, else the mid-term ones
(docs/rules.md#mid-term).

:func:`year_targets` extends :func:`kpi_analysis.tables.year_targets.targets_for_years` with a note
saying
where each year's targets come from; :func:`match_plan_targets` sets each actual row beside
the target the documents give for its year; :func:`apply_plan_targets` scores actuals-workbook
rows against that target (the workbook may have been prefilled before the year's document
existed).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kpi_analysis.analysis.compare import document_of, name_key, name_similarity
from kpi_analysis.tables.year_targets import project_key, targets_for_years
from kpi_analysis.text.grammar import parse_targets
from kpi_analysis.text.numbers import is_missing

__all__ = [
    "apply_plan_targets",
    "match_plan_targets",
    "match_rows",
    "target_basis",
    "year_targets",
]


def year_targets(
    indicators: pd.DataFrame, projects: pd.DataFrame, years: Iterable[int]
) -> pd.DataFrame:
    """The targets each year is measured against, with a Chinese ``target_note``.

    One row per project × year × indicator (see
    :func:`kpi_analysis.tables.year_targets.targets_for_years`): the year's annual targets where a
    document
    gives them, else the mid-term targets covering the year, and ``target_note`` says which
    and from which document.
    """
    frame = targets_for_years(indicators, projects, years)
    documents = document_of(frame["source"].astype("string"))
    notes = [
        f"{int(year)}年度目标（{doc}）"
        if period == "annual"
        else f"{int(year)}年无年度目标，按中期目标（{doc}）"
        for year, period, doc in zip(frame["year"], frame["target_period"], documents, strict=True)
    ]
    return frame.assign(document=documents, target_note=pd.array(notes, dtype="string"))


def target_basis(targets: pd.DataFrame) -> pd.DataFrame:
    """One row per project × year: where its targets come from (``year_targets`` output)."""
    if targets.empty:
        columns = ["project_no", "project", "year", "target_period", "document", "indicators"]
        return pd.DataFrame(columns=[*columns, "target_note"])
    grouped = targets.groupby(["project_no", "project", "year"], sort=True, dropna=False)
    out = grouped.agg(
        target_period=("target_period", "first"),
        document=("document", "first"),
        indicators=("indicator", "size"),
        target_note=("target_note", "first"),
    )
    return out.reset_index()


def match_rows(rows: pd.DataFrame, plan: pd.DataFrame, min_score: float) -> dict[int, int]:
    """Row index → plan index, one plan row each: same name first, then similar names."""
    matches: dict[int, int] = {}
    used: set[int] = set()
    plan_keys = {idx: name_key(name) for idx, name in plan["indicator"].items()}
    for idx, name in rows["indicator"].items():
        found = next(
            (p for p, k in plan_keys.items() if k == name_key(name) and p not in used), None
        )
        if found is not None:
            matches[idx] = found
            used.add(found)
    candidates = []
    for idx, row in rows.iterrows():
        if idx in matches:
            continue
        for p, plan_row in plan.iterrows():
            if p in used:
                continue
            score = name_similarity(row["indicator"], plan_row["indicator"])
            same_group = (row.get("level1"), row.get("level2")) == (
                plan_row["level1"],
                plan_row["level2"],
            )
            if score >= min_score:
                candidates.append((-(score + (0.1 if same_group else 0)), idx, p))
    for _, idx, p in sorted(candidates):
        if idx not in matches and p not in used:
            matches[idx] = p
            used.add(p)
    return matches


def match_plan_targets(
    rows: pd.DataFrame, targets: pd.DataFrame, *, min_score: float = 0.5
) -> pd.DataFrame:
    """A copy of actual ``rows`` with the target the documents give for their year beside them.

    ``rows`` has ``project``, ``year``, ``indicator``, ``target`` (and ``level1``/``level2``);
    ``targets`` is :func:`year_targets` output. Added columns: ``plan_target``,
    ``plan_period``, ``plan_source``, ``plan_note`` and ``target_check``: ``same``,
    ``differs`` (the row's target is not the plan's), ``not_in_plan`` (no such indicator in
    the year's targets) or ``no_targets_for_year`` (the documents give nothing for that
    project and year).
    """
    out = rows.copy()
    for name in ("plan_target", "plan_period", "plan_source", "plan_note", "target_check"):
        out[name] = pd.Series(pd.NA, index=out.index, dtype="string")
    if out.empty:
        return out
    keys = out["project"].map(project_key)
    plan_keys = targets["project"].map(project_key)
    for (key, year), part in out.groupby([keys, out["year"]], sort=False):
        plan = targets[(plan_keys == key) & (targets["year"] == year)]
        if plan.empty:
            out.loc[part.index, "target_check"] = "no_targets_for_year"
            out.loc[part.index, "plan_note"] = f"绩效目标表中没有该项目 {int(year)} 年的目标"
            continue
        matches = match_rows(part, plan, min_score)
        for idx in part.index:
            if idx not in matches:
                out.loc[idx, "target_check"] = "not_in_plan"
                out.loc[idx, "plan_note"] = f"{int(year)} 年的绩效目标中没有该指标"
                continue
            plan_row = plan.loc[matches[idx]]
            same = _target_text(out.loc[idx, "target"]) == _target_text(plan_row["target"])
            out.loc[idx, "plan_target"] = plan_row["target"]
            out.loc[idx, "plan_period"] = plan_row["target_period"]
            out.loc[idx, "plan_source"] = plan_row["source"]
            out.loc[idx, "plan_note"] = plan_row["target_note"]
            out.loc[idx, "target_check"] = "same" if same else "differs"
    return out


def _target_text(value: object) -> str:
    return "" if is_missing(value) else "".join(str(value).split())


def apply_plan_targets(matched: pd.DataFrame) -> pd.DataFrame:
    """Score rows against the documents' target for their year (``match_plan_targets`` output).

    Where ``target_check`` is ``differs`` the row's ``target`` and ``target_period`` are
    replaced by the plan's (and the parse columns recomputed); ``target_note`` says what
    changed. Other rows keep their target, with a note when they are not in the plan.
    """
    out = matched.copy()
    notes = pd.Series(pd.NA, index=out.index, dtype="string")
    differs = out["target_check"] == "differs"
    differs = differs.fillna(False).astype(bool)
    for idx in out.index[differs]:
        old = out.loc[idx, "target"]
        notes[idx] = f"目标取自{out.loc[idx, 'plan_note']}（原为“{old}”）"
    out.loc[differs, "target"] = out.loc[differs, "plan_target"]
    if "target_period" in out.columns:
        out.loc[differs, "target_period"] = out.loc[differs, "plan_period"]
    missing = out["target_check"].isin(["not_in_plan", "no_targets_for_year"]).fillna(False)
    notes[missing.astype(bool)] = out.loc[missing.astype(bool), "plan_note"]
    out["target_note"] = notes
    if differs.any() and "kind" in out.columns:
        parsed = parse_targets(out.loc[differs, "target"].astype("string").fillna(""))
        for name in ("kind", "comparator", "value", "unit", "per"):
            if name in out.columns:
                out.loc[differs, name] = parsed[name].to_numpy()
    return out
