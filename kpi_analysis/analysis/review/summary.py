"""Summaries of the findings table for reports and notebooks (counts by rule, by project, and
the indicators with the most findings)."""

from __future__ import annotations

import pandas as pd

from kpi_analysis.analysis.review.rules import RULES, SEVERITY_ORDER, address

_INDICATOR = ["project_no", "project", "period", "level1", "level2", "indicator_no", "indicator"]


def _severity_counts(findings: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    counts = (
        findings.assign(n=1)
        .pivot_table(index=keys, columns="severity", values="n", aggfunc="sum", fill_value=0)
        .reindex(columns=list(SEVERITY_ORDER), fill_value=0)
    )
    counts.columns.name = None
    counts = counts.astype("int64")
    counts["total"] = counts.sum(axis=1)
    return counts


def by_rule(findings: pd.DataFrame) -> pd.DataFrame:
    """One row per rule found: ``rule``, ``rule_name``, ``error``, ``warning``, ``info``, ``total``.

    Rules in numeric order (R2 before R12).
    """
    if findings.empty:
        return pd.DataFrame(columns=["rule", "rule_name", *SEVERITY_ORDER, "total"])
    counts = _severity_counts(findings, ["rule"]).reset_index()
    counts.insert(1, "rule_name", counts["rule"].map(lambda r: RULES[r].name if r in RULES else r))
    order = counts["rule"].str.slice(1).astype(int).sort_values(kind="stable").index
    return counts.loc[order].reset_index(drop=True)


def by_project(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings per project and severity: ``project_no``, ``project``, counts, ``total``."""
    if findings.empty:
        return pd.DataFrame(columns=["project_no", "project", *SEVERITY_ORDER, "total"])
    counts = _severity_counts(findings, ["project_no", "project"])
    return counts.reset_index().sort_values("project_no", kind="stable").reset_index(drop=True)


def by_rule_and_project(findings: pd.DataFrame) -> pd.DataFrame:
    """Number of findings per rule (rows, numeric order) and project number (columns)."""
    if findings.empty:
        return pd.DataFrame()
    table = pd.crosstab(findings["rule"].astype(str), findings["project_no"].astype("Int64"))
    table = table.loc[sorted(table.index, key=lambda rule: int(rule[1:]))]
    table.index.name, table.columns.name = "rule", "project_no"
    return table.astype("int64")


def worst_indicators(findings: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` indicators with the most serious findings.

    Ranked by errors, then warnings, then all findings, then document order (``source``).
    Columns: the indicator's context, ``source``, ``error``, ``warning``, ``info``, ``total``
    and ``rules`` (the rule ids, e.g. ``R2、R8``).
    """
    rows = findings[findings["indicator_no"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=[*_INDICATOR, "source", *SEVERITY_ORDER, "total", "rules"])
    keys = [*_INDICATOR, "source"]
    rows = rows.assign(**{key: rows[key].astype(object) for key in keys})
    counts = _severity_counts(rows.fillna({key: "" for key in keys}), keys)
    rules = (
        rows.fillna({key: "" for key in keys})
        .groupby(keys)["rule"]
        .agg(lambda ids: "、".join(sorted(set(ids), key=lambda r: int(r[1:]))))
    )
    counts["rules"] = rules
    counts = counts.reset_index()
    ranks = [
        (-row.error, -row.warning, -row.total, str(row.source).split("#")[0], address(row.source))
        for row in counts.itertuples()
    ]
    order = sorted(range(len(counts)), key=ranks.__getitem__)
    return counts.iloc[order[:n]].reset_index(drop=True)
