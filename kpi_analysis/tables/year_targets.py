"""The targets each year is measured against: its own annual targets, else the mid-term ones.

Projects are matched across documents by name (whitespace-folded), so a 2022 target document
loaded beside 2021's adds its annual targets to the same project. When several documents give
annual targets for one year the last document (by file name) wins; when a year has no annual
targets, the mid-term table covering that year is used — the most recent plan first — and
the row says so (``target_period = "mid_term"``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kpi_analysis.tables.schema import ordered_levels
from kpi_analysis.text.grammar import normalise_text

TARGET_COLUMNS = (
    "project_no",
    "project",
    "year",
    "target_period",
    "level1",
    "level2",
    "indicator_no",
    "indicator",
    "target",
    "standard",
    "kind",
    "comparator",
    "value",
    "unit",
    "source",
)


def _file(source: object) -> str:
    return str(source).split("#", 1)[0]


def project_key(name: object) -> str:
    """The matching key of a project name (whitespace and width folded)."""
    return normalise_text("" if pd.isna(name) else str(name))


def project_numbers(projects: pd.DataFrame) -> dict[str, int]:
    """Project key → number: the numbering of the first document, later newcomers appended."""
    numbers: dict[str, int] = {}
    ordered = projects.assign(_file=projects["source"].map(_file)).sort_values(
        ["_file", "project_no"], kind="stable"
    )
    for row in ordered.itertuples():
        key = project_key(row.project)
        if key in numbers:
            continue
        number = int(row.project_no)
        if number in numbers.values():
            number = max(numbers.values()) + 1
        numbers[key] = number
    return numbers


def _is_blank(value: object) -> bool:
    return pd.isna(value) or not str(value).strip()


def targets_for_years(
    indicators: pd.DataFrame, projects: pd.DataFrame, years: Iterable[int]
) -> pd.DataFrame:
    """One row per project × year × indicator with the target that year is measured against.

    Template blanks (no indicator and no target) are left out. Columns: ``TARGET_COLUMNS``.
    """
    numbers = project_numbers(projects)
    frame = indicators[
        ~(indicators["indicator"].map(_is_blank) & indicators["target"].map(_is_blank))
    ].copy()
    frame["_key"] = frame["project"].map(project_key)
    frame["_file"] = frame["source"].map(_file)
    parts = []
    for year in sorted(set(int(y) for y in years)):
        for key, rows in frame.groupby("_key", sort=False):
            covers = rows[(rows["year_start"] <= year) & (rows["year_end"] >= year)]
            annual = covers[covers["period"] == "annual"]
            chosen = annual if len(annual) else covers[covers["period"] == "mid_term"]
            if chosen.empty:
                continue
            latest = chosen.sort_values(["year_start", "_file"], kind="stable").iloc[-1]
            chosen = chosen[
                (chosen["_file"] == latest["_file"])
                & (chosen["year_start"] == latest["year_start"])
            ]
            part = chosen.assign(
                year=year,
                target_period=chosen["period"],
                project_no=numbers.get(str(key), pd.NA),
            )
            parts.append(part)
    if not parts:
        return pd.DataFrame(columns=list(TARGET_COLUMNS))
    out = ordered_levels(pd.concat(parts, ignore_index=True))  # 一级 in the official order
    out = out.sort_values(["year", "project_no", "level1"], kind="stable")
    out = out.loc[:, list(TARGET_COLUMNS)].reset_index(drop=True)
    out["project_no"] = out["project_no"].astype("Int64")
    out["year"] = out["year"].astype("Int64")
    return out


def funding_for_years(
    funding: pd.DataFrame, projects: pd.DataFrame, years: Iterable[int]
) -> pd.DataFrame:
    """One row per project × year: the annual budget of that year (if a document gives it) and
    the mid-term total covering it, both in 万元 (category ``total``).
    """
    numbers = project_numbers(projects)
    totals = funding[funding["category"] == "total"].copy()
    totals["_key"] = totals["project"].map(project_key)
    totals["_file"] = totals["source"].map(_file)
    names = projects.assign(key=projects["project"].map(project_key)).drop_duplicates("key")
    rows = []
    for year in sorted(set(int(y) for y in years)):
        for name in names.itertuples():
            mine = totals[
                (totals["_key"] == name.key)
                & (totals["year_start"] <= year)
                & (totals["year_end"] >= year)
            ]
            annual = mine[mine["period"] == "annual"].sort_values("_file")
            mid = mine[mine["period"] == "mid_term"].sort_values(["year_start", "_file"])
            rows.append(
                {
                    "project_no": numbers.get(name.key),
                    "project": name.project,
                    "year": year,
                    "annual_budget": annual["amount_wan"].iloc[-1] if len(annual) else pd.NA,
                    "mid_term_total": mid["amount_wan"].iloc[-1] if len(mid) else pd.NA,
                    "mid_term_years": (
                        f"{mid['year_start'].iloc[-1]}—{mid['year_end'].iloc[-1]}"
                        if len(mid)
                        else ""
                    ),
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "project_no",
            "project",
            "year",
            "annual_budget",
            "mid_term_total",
            "mid_term_years",
        ],
    )
    return (
        out.astype(
            {
                "project_no": "Int64",
                "project": "string",
                "year": "Int64",
                "annual_budget": "Float64",
                "mid_term_total": "Float64",
                "mid_term_years": "string",
            }
        )
        .sort_values(["year", "project_no"], kind="stable")
        .reset_index(drop=True)
    )
