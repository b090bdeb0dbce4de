"""Checking that a dataset read from Word/Excel holds what the text export gives."""

from __future__ import annotations

import pandas as pd

from kpi_analysis.tables.targets import TABLE_NAMES, Dataset


def without_source(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without its ``source`` column (sources name different cells per format)."""
    return frame.drop(columns=["source"]).reset_index(drop=True)


def assert_same_content(ds: Dataset, expected: Dataset) -> None:
    """Every tidy table equal but for sources; the same cells with the same roles."""
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(
            without_source(getattr(ds, name)), without_source(getattr(expected, name))
        )
    roles = ds.cells[["text", "role"]].sort_values(["text", "role"]).reset_index(drop=True)
    wanted = expected.cells[["text", "role"]].sort_values(["text", "role"])
    pd.testing.assert_frame_equal(roles, wanted.reset_index(drop=True))
