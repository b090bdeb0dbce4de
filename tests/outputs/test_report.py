"""The year-end report: forms from the scored tables, the year's charts, files written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from kpi_analysis import load, load_actuals
from kpi_analysis.analysis.tracking import score_years
from kpi_analysis.outputs.report import (
    YearEndData,
    achievement_text,
    completion_table,
    expected_goals,
    form_file_stem,
    load_year_end,
    score_year_end,
    selfeval_forms,
    write_year_report,
    year_charts,
)
from kpi_analysis.outputs.writers.selfeval_layout import EXAMPLE_NOTICE, selfeval_layout
from kpi_analysis.tables.selfeval import load_selfeval

EXAMPLE = "actuals_example_2021-2023.xlsx"


@pytest.fixture(scope="module")
def data(repo_root: Path) -> YearEndData:
    return load_year_end(repo_root / "data" / "raw")


@pytest.fixture(scope="module")
def scored(data: YearEndData):
    return score_year_end(data)


@pytest.fixture(scope="module")
def forms_2021(data, scored):
    return selfeval_forms(data, scored, 2021)


@pytest.fixture(scope="module")
def plain(data: YearEndData) -> YearEndData:
    """The same inputs, with the workbook's example notice removed (as for real data)."""
    books = tuple(replace(book, notice="") for book in data.actuals)
    return replace(data, actuals=books)


def test_inputs_are_sorted_by_kind(data: YearEndData) -> None:
    assert data.targets is not None and len(data.targets.projects) == 5
    assert [Path(book.path).name for book in data.actuals] == [EXAMPLE]
    assert data.selfeval is None
    assert data.example and data.has_actuals


def test_one_form_per_project_with_the_scored_numbers(forms_2021, scored) -> None:
    assert [f.project_no for f in forms_2021] == [1, 2, 3, 4, 5]
    summary = scored.summary[scored.summary["year"] == 2021].set_index("project_no")
    for form in forms_2021:
        row = summary.loc[form.project_no]
        assert form.total == row["total"] and form.grade == row["grade"]
        # 总分 = 预算执行率得分 + Σ 指标得分 (docs/rules.md#profiles)
        assert form.total == pytest.approx(
            form.execution_score + sum(line.score or 0 for line in form.indicators)
        )
        assert sum(line.weight for line in form.indicators) == pytest.approx(90)
        assert form.example and form.year == 2021


def test_execution_block_of_project_4(forms_2021) -> None:
    form = forms_2021[3]
    assert form.project == "深化事业单位改革"
    assert form.department == form.implementer == "宿州市委编办"
    total = form.funding[0]
    assert (total.label, total.initial, total.full, total.executed) == (
        "年度资金总额",
        10.0,
        10.0,
        8.6,
    )
    # 8.6 ÷ 10 = 86 % < 90 %: score 10 × 0.86 = 8.60 and the workbook's reason is shown
    assert form.execution_rate == pytest.approx(0.86) and form.execution_score == 8.6
    assert any(n.startswith("预算执行率低于90.00%的原因：事业单位改革") for n in form.notes)
    assert any("资金来源明细" in n for n in form.notes)


def test_notes_name_mid_term_targets_missing_reasons_and_differing_unit_scores(data, scored):
    forms = {form.project_no: form for form in selfeval_forms(data, scored, 2022)}
    # 2022 has no annual targets in the document: every row is scored on the mid-term table
    assert "该年度无年度绩效目标，15项指标的年度指标值取自中期目标。" in forms[1].notes
    # project 1 filled its own scores; 96 % satisfaction of 100 % gives 5 × 0.96 = 4.80
    assert (
        "单位自评得分与计算得分不同：人民群众对教育和医疗水平的满意度 自评 5.00，计算 4.80。"
        in (forms[1].notes)
    )
    # project 3: 2 review meetings of "每年不少于3次", left without a reason on purpose
    assert "未得满分但未填写偏差原因：对权责清单进行即时更新，召开相关审核会议。" in forms[3].notes


def test_goals_are_the_annual_goals_or_the_mid_term_ones(data) -> None:
    goals = data.targets.goals
    key = "深化事业单位改革"
    assert expected_goals(goals, key, 2021).startswith("目标1：实现行政职能回归行政机构")
    mid = expected_goals(goals, key, 2022)  # the document has no annual goals for 2022
    assert mid.startswith("（该年度无年度目标，列中期目标）\n目标1：")
    assert expected_goals(goals, key, 2030) == ""


def test_achievement_text_names_what_was_missed(scored) -> None:
    scores = scored.scores
    mine = scores[(scores["project_no"] == 5) & (scores["year"] == 2021)]
    text = achievement_text(
        {"budget_full": 9.0, "executed": 9.0, "execution_rate": 1.0, "amount_unit": "万元"}, mine
    )
    # the example's only 2021 shortfall of project 5: 268 domains registered against 约280
    assert text.startswith(
        "（据实际完成值汇总）全年预算数9万元，全年执行数9万元，预算执行率100.00%。"
    )
    assert "6项绩效指标中5项达到年度指标值，未达到的：中文域名注册量（指标值2021年约280家" in text


def test_example_data_is_marked_on_the_forms_and_real_data_is_not(data, plain) -> None:
    example_layout = selfeval_layout(selfeval_forms(data, score_year_end(data), 2021)[0])
    assert EXAMPLE_NOTICE in example_layout.rows[0][0].text
    real = selfeval_forms(plain, score_year_end(plain), 2021)
    assert not plain.example and not any(form.example for form in real)
    assert EXAMPLE_NOTICE not in selfeval_layout(real[0]).rows[0][0].text


def test_completion_is_the_ratio_or_the_score_share() -> None:
    scores = pd.DataFrame(
        {
            "project_no": [1, 1, 1],
            "project": ["甲", "甲", "甲"],
            "year": [2021, 2021, 2021],
            "indicator": ["数量", "定性", "未评"],
            "completion": [0.9, None, None],
            "score": [9.0, 4.8, None],
            "weight": [10.0, 6.0, 5.0],
        }
    )
    out = completion_table(scores)
    assert out["completion"].tolist()[:2] == pytest.approx([0.9, 0.8])  # 4.8 ÷ 6
    assert pd.isna(out["completion"].iloc[2])
    assert "completion" in scores and scores["completion"].isna().sum() == 2  # input unchanged


def test_year_charts_cover_the_years_up_to_the_report_year(scored) -> None:
    figures = year_charts(scored, 2021)
    assert list(figures) == [
        "funding",
        "execution-rate",
        "completion",
        "score-trend",
        "cumulative-progress",
    ]
    assert all("示例数据" in fig.get_suptitle() or "示例数据" in fig.axes[0].get_title()
               for fig in figures.values())  # fmt: skip
    heatmap = figures["completion"]
    assert [t.get_text() for t in heatmap.axes[-1].get_xticklabels()] == ["2021年"]
    later = year_charts(scored, 2023)["completion"]
    assert [t.get_text() for t in later.axes[-1].get_xticklabels()] == [
        "2021年",
        "2022年",
        "2023年",
    ]


def test_real_data_charts_do_not_say_example(plain) -> None:
    figures = year_charts(score_year_end(plain), 2021)
    assert all("示例数据" not in fig.get_suptitle() for fig in figures.values())


def test_write_year_report_files(data, scored, tmp_path: Path) -> None:
    files = write_year_report(data, 2021, tmp_path, scored=scored)
    assert len(files.projects) == 5
    names = sorted(p.name for p in files.forms)
    assert names[0] == "2021-01-机构编制管理及编制周转池改革工作-绩效自评表.docx"
    assert len([n for n in names if n.endswith(".docx")]) == 5
    assert len([n for n in names if n.endswith(".xlsx")]) == 5
    assert sorted(p.name for p in (tmp_path / "figures").glob("*.png")) == [
        "2021-completion.png",
        "2021-cumulative-progress.png",
        "2021-execution-rate.png",
        "2021-funding.png",
        "2021-score-trend.png",
    ]
    assert all(p.is_file() and p.stat().st_size > 0 for p in files.all)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # staging removed


def test_a_year_without_results_writes_nothing(data, scored, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2030 年没有实际完成情况（已有年度：2021、2022、2023）"):
        write_year_report(data, 2030, tmp_path / "out", scored=scored)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_written_forms_read_back_and_score_the_same(data, scored, tmp_path: Path) -> None:
    """The self-evaluation reader reads the written forms back; scoring them as published
    forms gives the same totals (every printed 得分 is reproduced by the engine)."""
    write_year_report(data, 2022, tmp_path, scored=scored)
    for suffix in ("docx", "xlsx"):
        forms = load_selfeval(sorted(tmp_path.glob(f"*.{suffix}")))
        assert set(forms.findings["code"]) <= {"paragraph_not_used"}  # notes under the form
        expected = scored.summary[scored.summary["year"] == 2022].set_index("project")["total"]
        read = forms.totals.set_index("project")["total_score"]
        assert read.sort_index().tolist() == expected.sort_index().tolist()
        again = score_years(data.targets, (), forms)
        assert (again.summary["total_diff"].fillna(0) == 0).all()
        flagged = again.scores["flags"].fillna("").str.contains("published_differs")
        assert not flagged.any()


def test_file_stem_drops_characters_a_file_name_cannot_hold(forms_2021) -> None:
    form = replace(forms_2021[0], project='项目/甲:乙 "丙"', project_no=7)
    assert form_file_stem(form) == "2021-07-项目甲乙丙-绩效自评表"


def test_targets_only_have_no_actuals(repo_root: Path) -> None:
    data = YearEndData(targets=load(repo_root / "data" / "raw" / "000_2504e2a5ee8feded.txt"))
    assert not data.has_actuals and not data.example


def test_actuals_without_targets_still_make_forms(repo_root: Path) -> None:
    book = load_actuals(repo_root / "data" / "raw" / EXAMPLE)
    data = YearEndData(actuals=(book,))
    forms = selfeval_forms(data, score_year_end(data), 2021)
    assert len(forms) == 5
    assert forms[0].department == "" and forms[0].goal_expected == ""
    assert forms[0].goal_actual.startswith("（据实际完成值汇总）")


# ----------------------------------------------------------------------------- review errors
def test_the_review_error_of_project_1_is_in_its_2021_form_and_the_chart_data(
    forms_2021, scored
) -> None:
    """Project 1's 2021 indicator names 47 while its value says 62 (R8): the 自评表 偏差原因
    carries the finding, and so does the completion chart's data."""
    form = next(f for f in forms_2021 if f.project_no == 1)
    line = next(line for line in form.indicators if "47家" in line.indicator)
    assert "【审核错误 R8" in line.reason and "47" in line.reason and "62" in line.reason
    others = [ln for f in forms_2021 for ln in f.indicators if ln is not line]
    assert all("审核错误" not in ln.reason or "R8" in ln.reason for ln in others)
    completion = completion_table(scored.scores)
    noted = completion[completion["review_note"].notna()]
    row = noted[(noted["project_no"] == 1) & (noted["year"] == 2021)]
    assert len(row) == 1 and "47家" in row["indicator"].iloc[0]
    assert "R8" in row["review_note"].iloc[0]


def test_the_completion_chart_marks_the_indicator_with_a_review_error(scored) -> None:
    completion = completion_table(scored.scores)
    fig = year_charts(scored, 2021)["completion"]
    labels = [t for ax in fig.axes for t in ax.get_yticklabels()]
    marked = [t for t in labels if t.get_text().startswith("【审核错误 R8】")]
    assert (
        len(marked)
        == completion["review_note"]
        .notna()
        .groupby([completion["project"], completion["indicator"]])
        .any()
        .sum()
    )
    assert any("47家" in t.get_text() for t in marked)
    assert all(t.get_color() == "#C44E52" for t in marked)


def test_completion_table_without_review_notes_has_an_empty_column() -> None:
    scores = pd.DataFrame(
        {"project_no": [1], "project": ["甲"], "year": [2021], "indicator": ["数量"],
         "completion": [1.0], "score": [10.0], "weight": [10.0]}
    )  # fmt: skip
    assert completion_table(scores)["review_note"].isna().all()
