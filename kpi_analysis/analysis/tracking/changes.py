"""Changes of the mid-term table from one target document to the next (docs/rules.md#mid-term).

Targets should be stable once approved (S19 "绩效目标确定后,一般不予调整"); when the 2022 and
2023 documents are loaded beside 2021's, each project's mid-term rows are paired with those of
the document before (same 一级/二级 group, then name similarity, as
:func:`kpi_analysis.analysis.compare.align_indicators` pairs annual with mid-term rows) and every
added, dropped, renamed or re-targeted indicator is listed. :func:`document_changes` compares
two sets of documents (``kpi-analysis diff OLD NEW``): projects added or removed, mid-term
targets changed, funding changed.
"""

from __future__ import annotations

import pandas as pd

from kpi_analysis.analysis.compare import ComparisonProfile, align_indicators, document_of
from kpi_analysis.tables.schema import ordered_levels
from kpi_analysis.tables.year_targets import project_key, project_numbers

__all__ = [
    "CHANGES_COLUMNS",
    "CHANGE_LABELS",
    "DIFF_COLUMNS",
    "DIFF_KINDS",
    "DIFF_LABELS",
    "document_changes",
    "document_order",
    "midterm_changes",
]


CHANGE_NAMES = {
    "same": "unchanged",
    "target_changed": "target_changed",
    "text_changed": "renamed",
    "annual_only": "added",
    "mid_term_only": "dropped",
}
CHANGE_LABELS = {
    "unchanged": "未变",
    "target_changed": "指标值变化",
    "renamed": "名称变化",
    "added": "新增",
    "dropped": "删除",
}
CHANGES_COLUMNS = (
    "project_no",
    "project",
    "from_document",
    "to_document",
    "from_years",
    "to_years",
    "level1",
    "level2",
    "change",
    "change_label",
    "indicator_from",
    "indicator_to",
    "target_from",
    "target_to",
    "source_from",
    "source_to",
)


def document_order(indicators: pd.DataFrame) -> dict[str, tuple]:
    """Documents in time order: by the annual year they plan for, then mid-term start, name."""
    docs = indicators.assign(_doc=document_of(indicators["source"].astype("string")))
    order = {}
    for doc, part in docs.groupby("_doc", sort=True):
        annual = part.loc[part["period"] == "annual", "year_start"].dropna()
        mid = part.loc[part["period"] == "mid_term", "year_start"].dropna()
        first = annual.min() if len(annual) else (mid.min() if len(mid) else 9999)
        order[str(doc)] = (int(first), int(mid.min()) if len(mid) else 9999, str(doc))
    return order


def _years(part: pd.DataFrame) -> str:
    start, end = part["year_start"].dropna(), part["year_end"].dropna()
    if not len(start):
        return ""
    return f"{int(start.iloc[0])}—{int(end.iloc[0])}" if len(end) else f"{int(start.iloc[0])}"


def midterm_changes(
    indicators: pd.DataFrame,
    projects: pd.DataFrame,
    *,
    include_unchanged: bool = False,
    profile: ComparisonProfile | None = None,
) -> pd.DataFrame:
    """Changes of each project's mid-term table from one document to the next.

    Documents are put in time order (the annual year they plan for); each project's mid-term
    rows in a document are paired with those of the previous document holding that project,
    by the pairing of :func:`kpi_analysis.analysis.compare.align_indicators` (same 一级/二级 group,
    then
    name similarity). ``change``: ``added``, ``dropped``, ``target_changed``, ``renamed`` (and
    ``unchanged`` with ``include_unchanged``). Template placeholder rows are left out.
    """
    mid = indicators[
        (indicators["period"] == "mid_term") & ~indicators["placeholder"].fillna(False)
    ]
    if mid.empty:
        return pd.DataFrame(columns=list(CHANGES_COLUMNS)).astype("string")
    numbers = project_numbers(projects)
    order = document_order(indicators)
    mid = mid.assign(_doc=document_of(mid["source"].astype("string")).astype(str))
    mid = mid.assign(_key=mid["project"].map(project_key))
    records = []
    for key, part in mid.groupby("_key", sort=False):
        docs = sorted(part["_doc"].unique(), key=lambda d: order[d])
        for before, after in zip(docs, docs[1:], strict=False):
            old, new = part[part["_doc"] == before], part[part["_doc"] == after]
            sources = {}
            frames = []
            for side, period, tag in ((old, "mid_term", "a"), (new, "annual", "b")):
                relabelled = side.copy()
                relabelled["period"] = period
                relabelled["project_no"] = numbers.get(str(key), 0)
                fake = [f"{key}#{tag}{i}" for i in range(len(side))]
                sources.update(dict(zip(fake, side["source"], strict=True)))
                relabelled["source"] = fake
                frames.append(relabelled)
            both = pd.concat(frames, ignore_index=True)
            aligned = align_indicators(both.drop(columns=["_doc", "_key"]), profile)
            for row in aligned.to_dict("records"):
                change = CHANGE_NAMES.get(str(row["status"]))
                if change is None or (change == "unchanged" and not include_unchanged):
                    continue
                records.append(
                    {
                        "project_no": numbers.get(str(key)),
                        "project": old["project"].iloc[0],
                        "from_document": before,
                        "to_document": after,
                        "from_years": _years(old),
                        "to_years": _years(new),
                        "level1": row["level1"],
                        "level2": row["level2"],
                        "change": change,
                        "change_label": CHANGE_LABELS[change],
                        "indicator_from": row["indicator_mid"],
                        "indicator_to": row["indicator_annual"],
                        "target_from": row["target_mid"],
                        "target_to": row["target_annual"],
                        "source_from": sources.get(str(row["source_mid"]), pd.NA),
                        "source_to": sources.get(str(row["source_annual"]), pd.NA),
                    }
                )
    frame = pd.DataFrame(records, columns=list(CHANGES_COLUMNS))
    frame = frame.astype({c: "string" for c in CHANGES_COLUMNS if c != "project_no"})
    return ordered_levels(frame.astype({"project_no": "Int64"}).reset_index(drop=True))


# --------------------------------------------------------------------------- two sets of documents

DIFF_KINDS = (
    "project_added",
    "project_removed",
    "added",
    "dropped",
    "target_changed",
    "renamed",
    "funding_changed",
)
DIFF_LABELS = {
    "project_added": "新增项目",
    "project_removed": "减少项目",
    "added": "中期指标新增",
    "dropped": "中期指标删除",
    "target_changed": "中期指标值变化",
    "renamed": "中期指标名称变化",
    "funding_changed": "资金变化",
}
DIFF_COLUMNS = (
    "project",
    "change",
    "change_label",
    "level1",
    "level2",
    "item",
    "old",
    "new",
    "old_amount_wan",
    "new_amount_wan",
    "source_old",
    "source_new",
)
_FUNDING_ITEMS = {
    ("mid_term", "total"): "中期资金总额",
    ("mid_term", "fiscal"): "中期财政拨款",
    ("mid_term", "carryover"): "中期上年结转",
    ("mid_term", "other"): "中期其他资金",
    ("annual", "total"): "年度资金总额",
    ("annual", "fiscal"): "年度财政拨款",
    ("annual", "carryover"): "年度上年结转",
    ("annual", "other"): "年度其他资金",
}


def _by_project(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    keys = frame["project"].map(project_key)
    return {str(key): part for key, part in frame.groupby(keys, sort=False)}


def _amounts(funding: pd.DataFrame) -> dict[tuple[str, str], tuple[float, str]]:
    out: dict[tuple[str, str], tuple[float, str]] = {}
    for row in funding.to_dict("records"):
        key = (str(row["period"]), str(row["category"]))
        amount = row["amount_wan"]
        if key in _FUNDING_ITEMS and key not in out and not pd.isna(amount):
            out[key] = (float(amount), str(row["source"]))
    return out


def document_changes(
    old: object,
    new: object,
    *,
    tolerance_wan: float = 0.005,
    profile: ComparisonProfile | None = None,
) -> pd.DataFrame:
    """What changed from one year's target documents (``old``) to another's (``new``).

    ``old`` and ``new`` are :class:`~kpi_analysis.tables.targets.Dataset` objects. One row per
    change (columns :data:`DIFF_COLUMNS`, kinds :data:`DIFF_KINDS`): projects added or removed
    (matched by name), mid-term indicators added, dropped, renamed or re-targeted (paired as
    :func:`midterm_changes` pairs them), and funding amounts (mid-term and annual total,
    财政拨款, 其他资金) that differ by more than ``tolerance_wan`` 万元.
    """
    old_projects = _by_project(old.projects)  # type: ignore[attr-defined]
    new_projects = _by_project(new.projects)  # type: ignore[attr-defined]
    records: list[dict[str, object]] = []

    def add(project: str, change: str, **values: object) -> None:
        records.append(
            {"project": project, "change": change, "change_label": DIFF_LABELS[change], **values}
        )

    for key, part in new_projects.items():
        if key not in old_projects:
            add(str(part["project"].iloc[0]), "project_added", source_new=part["source"].iloc[0])
    for key, part in old_projects.items():
        if key not in new_projects:
            add(str(part["project"].iloc[0]), "project_removed", source_old=part["source"].iloc[0])
    both = [key for key in new_projects if key in old_projects]
    old_mid = _by_project(old.indicators[old.indicators["period"] == "mid_term"])  # type: ignore[attr-defined]
    new_mid = _by_project(new.indicators[new.indicators["period"] == "mid_term"])  # type: ignore[attr-defined]
    old_funding = _by_project(old.funding)  # type: ignore[attr-defined]
    new_funding = _by_project(new.funding)  # type: ignore[attr-defined]
    for key in both:
        name = str(new_projects[key]["project"].iloc[0])
        before, after = old_mid.get(key), new_mid.get(key)
        if before is not None and after is not None:
            for row in _pair_mid_terms(before, after, profile):
                change = CHANGE_NAMES.get(str(row["status"]))
                if change is None or change == "unchanged":
                    continue
                add(
                    name,
                    change,
                    level1=row["level1"],
                    level2=row["level2"],
                    item=row["indicator_annual"]
                    if change in ("added", "renamed")
                    else row["indicator_mid"],
                    old=row["target_mid"] if change != "renamed" else row["indicator_mid"],
                    new=row["target_annual"] if change != "renamed" else row["indicator_annual"],
                    source_old=row["source_mid"],
                    source_new=row["source_annual"],
                )
        amounts_old = _amounts(old_funding.get(key, old.funding.iloc[0:0]))  # type: ignore[attr-defined]
        amounts_new = _amounts(new_funding.get(key, new.funding.iloc[0:0]))  # type: ignore[attr-defined]
        for item, label in _FUNDING_ITEMS.items():
            a, b = amounts_old.get(item), amounts_new.get(item)
            if a is None and b is None:
                continue
            if a is not None and b is not None and abs(a[0] - b[0]) <= tolerance_wan:
                continue
            add(
                name,
                "funding_changed",
                item=label,
                old_amount_wan=None if a is None else a[0],
                new_amount_wan=None if b is None else b[0],
                source_old=None if a is None else a[1],
                source_new=None if b is None else b[1],
            )
    frame = pd.DataFrame.from_records(records, columns=list(DIFF_COLUMNS))
    frame = frame.astype(
        {c: "string" for c in DIFF_COLUMNS if not c.endswith("_wan")}
        | {"old_amount_wan": "Float64", "new_amount_wan": "Float64"}
    )
    order = {kind: i for i, kind in enumerate(DIFF_KINDS)}
    frame = frame.iloc[frame["change"].map(order).argsort(kind="stable")]
    return ordered_levels(frame.reset_index(drop=True))


def _pair_mid_terms(
    before: pd.DataFrame, after: pd.DataFrame, profile: ComparisonProfile | None
) -> list[dict]:
    """Pair two mid-term tables of one project (old as 中期, new as 年度 for the aligner)."""
    real = [part[~part["placeholder"].fillna(False).astype(bool)] for part in (before, after)]
    frames = []
    sources: dict[str, object] = {}
    for part, period, tag in ((real[0], "mid_term", "a"), (real[1], "annual", "b")):
        relabelled = part.copy()
        relabelled["period"] = period
        relabelled["project_no"] = 1
        fake = [f"diff#{tag}{i}" for i in range(len(part))]
        sources.update(dict(zip(fake, part["source"], strict=True)))
        relabelled["source"] = fake
        frames.append(relabelled)
    aligned = align_indicators(pd.concat(frames, ignore_index=True), profile)
    rows = aligned.to_dict("records")
    for row in rows:
        for side in ("source_mid", "source_annual"):
            row[side] = sources.get(str(row[side]), pd.NA)
    return rows
