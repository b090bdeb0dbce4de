"""score_years: every source of actuals scored year by year against the right targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from selfeval_forms import cunji_form, putuo_form, write_docx
from year_documents import write_year_documents

from kpi_analysis import load, load_actuals
from kpi_analysis.analysis.scoring import SCORES, SUMMARY
from kpi_analysis.analysis.tracking import score_years
from kpi_analysis.analysis.tracking.yearly import EXTRA_COLUMNS
from kpi_analysis.outputs.actuals_template import write_actuals_template
from kpi_analysis.tables.selfeval import load_selfeval

TRAINING = "实名制系统培训"


@pytest.fixture(scope="module")
def example(repo_root: Path):
    return load_actuals(repo_root / "data" / "raw" / "actuals_example_2021-2023.xlsx")


@pytest.fixture(scope="module")
def targets(source_path: Path):
    return load(source_path)


def test_example_workbook_with_its_targets(targets, example) -> None:
    result = score_years(targets, [example])
    assert list(result.scores.columns) == [*SCORES.names, *EXTRA_COLUMNS, "review_note"]
    assert list(result.summary.columns) == [*SUMMARY.names, "data_source", "data_note"]
    assert len(result.summary) == 15
    assert sorted(set(result.summary["year"])) == [2021, 2022, 2023]
    assert set(result.summary["project_no"]) == {1, 2, 3, 4, 5}
    assert result.is_example and result.notices == (example.notice,)
    for table in (result.scores, result.summary, result.funding, result.progress):
        assert (table["data_note"] == example.notice).all()
    assert (result.scores["data_source"] == "实际完成情况工作簿").all()
    # the workbook's targets are the documents' targets: nothing replaced
    assert result.scores["target_note"].isna().all()
    assert len(result.targets) == 15 and result.changes.empty


def test_later_documents_retarget_the_workbook(source_path: Path, tmp_path: Path, example) -> None:
    three = load(write_year_documents(source_path, tmp_path))
    result = score_years(three, [example])
    training = result.scores[result.scores["indicator"] == TRAINING].set_index("year")
    assert training["target"].tolist() == ["不少于1次", "不少于2次", "不少于3次"]
    assert training.loc[2022, "target_period"] == "annual"
    assert "原为“不少于3次”" in training.loc[2022, "target_note"]
    assert len(result.changes) == 6  # project 1: 2021→2022 and 2022→2023, three each


def test_selfeval_forms_are_scored_as_printed(tmp_path: Path) -> None:
    se = load_selfeval(write_docx([cunji_form(), putuo_form()], tmp_path / "forms.docx"))
    result = score_years(None, [], se)
    assert not result.is_example
    assert result.summary["data_source"].unique().tolist() == ["项目支出绩效自评表"]
    assert result.summary["data_note"].isna().all()
    putuo = result.summary[result.summary["project"] == "行政执法专项检查"].iloc[0]
    assert (putuo["total"], putuo["published_total"]) == (97.51, 97.51)
    assert result.progress.empty and result.targets.empty
    assert set(result.findings["code"]) >= {"total_row_empty"}


def test_a_form_overrides_the_workbook_for_its_project_year(
    targets, example, tmp_path: Path
) -> None:
    name = "机构编制管理及编制周转池改革工作"
    form = putuo_form(project=name, year=2022)
    se = load_selfeval(write_docx([form], tmp_path / "form.docx"))
    result = score_years(targets, [example], se)
    mine = result.scores[(result.scores["project"] == name) & (result.scores["year"] == 2022)]
    assert (mine["data_source"] == "项目支出绩效自评表").all() and len(mine) == 5
    assert (mine["project_no"] == 1).all()
    duplicate = result.findings[result.findings["code"] == "duplicate_actuals"]
    assert len(duplicate) == 1 and duplicate.iloc[0]["source"].startswith(
        "actuals_example_2021-2023.xlsx#sheet=绩效指标"
    )
    # the form's targets are not in the 2022 (mid-term) table: noted, scored as printed
    assert mine["target_note"].str.contains("的绩效目标中没有该指标").all()
    assert len(result.summary) == 15


def test_form_for_a_year_without_targets_is_reported(targets, tmp_path: Path) -> None:
    form = putuo_form(project="机构编制管理及编制周转池改革工作", year=2025)
    other = cunji_form()
    se = load_selfeval(write_docx([form, other], tmp_path / "forms.docx"))
    result = score_years(targets, [], se)
    codes = result.findings.set_index("code")
    assert codes.loc["year_without_targets", "severity"] == "warning"
    assert codes.loc["year_without_targets", "source"].startswith("forms.docx#table=1")
    assert (
        "2025 年在绩效目标表中既无年度目标也无中期目标"
        in codes.loc["year_without_targets", "message"]
    )
    assert codes.loc["project_without_targets", "severity"] == "info"
    assert len(result.summary) == 2


def test_nothing_to_score(targets) -> None:
    with pytest.raises(ValueError, match="没有可评分的实际完成数据"):
        score_years(targets)


def test_an_unfilled_workbook_scores_nothing_but_says_so(targets, tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    write_actuals_template(targets, [2021], path)
    result = score_years(targets, [load_actuals(path)])
    assert len(result.summary) == 5
    assert (result.summary["unscored"] > 0).all()
    assert result.scores["flags"].str.contains("actual_missing").all()
    assert not result.is_example


def test_review_errors_travel_to_the_rows_of_their_indicator(targets, example) -> None:
    """Project 1's annual 指标1 (name says 47, value 62) carries the R8 error in 2021 only."""
    from kpi_analysis.analysis.review.notes import reason_with_review

    scores = score_years(targets, [example]).scores
    noted = scores[scores["review_note"].notna()]
    assert len(noted) >= 1
    row = noted[noted["indicator"].str.contains("47家")].iloc[0]
    assert int(row["year"]) == 2021 and "R8" in row["review_note"]
    assert "47" in row["review_note"] and "62" in row["review_note"]
    assert reason_with_review(row["reason"], row["review_note"]).endswith(row["review_note"])
