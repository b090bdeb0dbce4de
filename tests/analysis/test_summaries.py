"""Descriptive summaries on the source document."""

from __future__ import annotations

import pytest

from kpi_analysis import load
from kpi_analysis.analysis.summaries import (
    counts_by_project_period,
    indicator_counts,
    kind_shares,
)
from kpi_analysis.outputs.labels import kind_shares_display


@pytest.fixture(scope="module")
def indicators(source_path):
    return load(source_path).indicators


def test_counts_add_up_to_the_rows(indicators) -> None:
    counts = indicator_counts(indicators)
    assert counts["indicators"].sum() + counts["placeholders"].sum() == len(indicators)
    assert counts["placeholders"].sum() == 18


def test_counts_do_not_modify_input(indicators) -> None:
    before = indicators.copy()
    indicator_counts(indicators)
    kind_shares(indicators)
    assert indicators.equals(before)


def test_project_by_period_excludes_placeholders(indicators) -> None:
    table = counts_by_project_period(indicators)
    assert list(table.columns) == ["mid_term", "annual"]
    assert table.loc["机构编制管理及编制周转池改革工作", "annual"] == 15
    assert table.loc["加快构建权责清单制度体系", "mid_term"] == 8


def test_kind_shares_sum_to_100(indicators) -> None:
    shares = kind_shares(indicators)
    assert shares.sum().round(0).tolist() == [100.0, 100.0]
    assert "定量" in kind_shares_display(shares).index
