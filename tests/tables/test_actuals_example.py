"""The shipped example workbook: says it is illustrative, reads clean, shows what it promises."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kpi_analysis.analysis.scoring import score_execution, score_indicators, summarise
from kpi_analysis.tables.actuals import Actuals, is_actuals_workbook, load_actuals

NOTICE = "示例数据（虚构，仅用于演示），非官方数据 / illustrative example data, not official"


@pytest.fixture(scope="module")
def example_path(repo_root: Path) -> Path:
    path = repo_root / "data" / "raw" / "actuals_example_2021-2023.xlsx"
    if not path.is_file():
        pytest.fail(f"missing example workbook: {path} (run scripts/make_example_actuals.py)")
    return path


@pytest.fixture(scope="module")
def example(example_path: Path) -> Actuals:
    return load_actuals(example_path)


def test_first_sheet_says_illustrative(example_path: Path, example: Actuals) -> None:
    first = load_workbook(example_path).worksheets[0]
    assert first.title == "说明"
    assert NOTICE in [cell.value for cell in first["A"]][:3]
    assert example.notice == NOTICE and example.is_example
    assert is_actuals_workbook(example_path)


def test_reads_without_findings(example: Actuals) -> None:
    assert example.findings.empty
    assert example.years == (2021, 2022, 2023)
    assert len(example.indicators_actuals) == 138
    assert example.indicators_actuals["actual"].notna().all()
    assert set(example.funding_actuals["project_no"]) == {1, 2, 3, 4, 5}


def test_execution_rates_are_plausible_and_explained(example: Actuals) -> None:
    execution = score_execution(example.funding_actuals)
    rates = execution["execution_rate"]
    assert rates.between(0.85, 1.0).all()
    low = execution[rates < 0.9]
    assert len(low) >= 1 and low["reason"].notna().all()
    assert not execution["flags"].str.contains("rate_below_threshold_no_reason").any()
    # cumulative spending stays within the mid-term totals (90, 33, 60, 30, 27 万元)
    spent = execution.groupby("project_no")["executed"].sum()
    assert (spent <= example.funding_actuals.groupby("project_no")["mid_term_total"].first()).all()


def test_scores_show_the_promised_cases(example: Actuals) -> None:
    scores = score_indicators(example.indicators_actuals)
    met = scores["score"] >= scores["weight"] - 0.005
    assert met.mean() > 0.9  # most indicators met
    short = scores[~met]
    assert 2 <= len(short) <= 6  # a few not
    assert short["reason"].notna().sum() >= 1  # a reason filled for a shortfall
    missing = scores[scores["flags"].str.contains("shortfall_without_reason")]
    assert len(missing) == 1  # one missing reason on purpose
    assert (missing.iloc[0]["project_no"], missing.iloc[0]["year"]) == (3, 2022)
    assert scores["flags"].str.contains("over_achievement").any()
    assert scores["flags"].str.contains("published_differs").sum() == 1  # unit's full marks
    assert not scores["flags"].str.contains("qualitative_unmapped|actual_missing").any()
    summary = summarise(scores, score_execution(example.funding_actuals))
    assert len(summary) == 15 and summary["grade"].notna().all()


def test_script_regenerates_the_same_figures(example_path: Path, repo_root: Path, tmp_path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_example_actuals", repo_root / "scripts" / "make_example_actuals.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = tmp_path / "again.xlsx"
    assert module.main(["--out", str(fresh)]) == 0
    shipped, again = load_workbook(example_path), load_workbook(fresh)
    assert shipped.sheetnames == again.sheetnames
    for name in shipped.sheetnames:
        a = [[c.value for c in row] for row in shipped[name].iter_rows()]
        b = [[c.value for c in row] for row in again[name].iter_rows()]
        assert a == b, name
