"""Changes of the mid-term table from one target document to the next (domain.md §7.5).

Targets should be stable once approved (S19 "绩效目标确定后,一般不予调整"); when the 2022 and
2023 documents are loaded beside 2021's, each project's mid-term rows are paired with those of
the document before (same 一级/二级 group, then name similarity, as
:func:`kpi_analysis.analysis.compare.align_indicators` pairs annual with mid-term rows) and every
added, dropped, renamed or re-targeted indicator is listed.
"""

from __future__ import annotations

import pandas as pd

from kpi_analysis.analysis.compare import ComparisonProfile, align_indicators, document_of
from kpi_analysis.tables.year_targets import project_key, project_numbers

__all__ = ["CHANGE_LABELS", "CHANGES_COLUMNS", "document_order", "midterm_changes"]


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
    return frame.astype({"project_no": "Int64"}).reset_index(drop=True)
