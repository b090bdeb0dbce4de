"""Descriptive summaries of the tidy tables (used by the exploration notebook).

Pure functions: DataFrame in, DataFrame out, input never modified.
"""

from __future__ import annotations

import pandas as pd

KIND_ORDER = ("quantitative", "timing", "qualitative", "placeholder", "empty")


def indicator_counts(indicators: pd.DataFrame) -> pd.DataFrame:
    """Indicator rows by project × level1 × period, placeholders counted apart.

    >>> df = pd.DataFrame({"project_no": [1, 1, 1], "project": ["甲"] * 3,
    ...                    "level1": ["产出指标", "产出指标", "效益指标"],
    ...                    "period": ["annual", "mid_term", "annual"],
    ...                    "placeholder": [False, False, True]})
    >>> indicator_counts(df)[["level1", "period", "indicators", "placeholders"]].values.tolist()
    [['产出指标', 'annual', 1, 0], ['产出指标', 'mid_term', 1, 0], ['效益指标', 'annual', 0, 1]]
    """
    frame = indicators.assign(filled=~indicators["placeholder"].astype(bool))
    out = (
        frame.groupby(["project_no", "project", "level1", "period"], observed=True, sort=True)
        .agg(indicators=("filled", "sum"), placeholders=("placeholder", "sum"))
        .reset_index()
    )
    return out.astype({"indicators": "int64", "placeholders": "int64"})


def counts_by_project_period(indicators: pd.DataFrame) -> pd.DataFrame:
    """Filled (non-placeholder) indicators per project (rows) and period (columns)."""
    filled = indicators[~indicators["placeholder"].astype(bool)]
    table = filled.pivot_table(
        index=["project_no", "project"],
        columns="period",
        values="indicator",
        aggfunc="count",
        fill_value=0,
    )
    table = table.reindex(columns=[c for c in ("mid_term", "annual") if c in table.columns])
    table.columns.name = None
    return table.reset_index(level="project_no", drop=True)


def kind_shares(indicators: pd.DataFrame) -> pd.DataFrame:
    """Share of each target kind (定量/时限/定性…) per period, in percent of all rows.

    >>> df = pd.DataFrame({"period": ["annual"] * 4,
    ...                    "kind": ["quantitative", "qualitative", "qualitative", "empty"]})
    >>> float(kind_shares(df).loc["qualitative", "annual"])
    50.0
    """
    counts = pd.crosstab(indicators["kind"], indicators["period"])
    shares = counts.div(counts.sum(axis=0), axis=1).mul(100).round(1)
    order = [k for k in KIND_ORDER if k in shares.index]
    shares = shares.reindex(order)
    shares.columns.name = None
    shares.index.name = "kind"
    return shares
