"""The engine reproduces the published scores of real self-evaluation forms read from files.

The forms are Word/Excel files in the real layouts with the numbers the corpus copies print
(03, 04: 安徽池州棠溪 2022; 01: 四川青神 2023) and S5's execution figures (215,457.6 /
250,000 元 → 8.62). Published scores go in as printed and must come out unchanged beside the
computed ones; a deliberately wrong published score must be flagged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selfeval_forms import (
    CUNJI_INDICATORS,
    WEITUO_INDICATORS,
    cunji_form,
    putuo_form,
    qingshen_form,
    weituo_form,
    write_docx,
    write_xlsx,
)

from kpi_analysis.analysis.scoring import score_execution, score_indicators, summarise
from kpi_analysis.tables.selfeval import execution_inputs, indicator_inputs, load_selfeval

WRITERS = {"docx": write_docx, "xlsx": write_xlsx}


@pytest.fixture(params=sorted(WRITERS))
def kind(request) -> str:
    return request.param


def _scores(form, tmp_path: Path, kind: str):
    se = load_selfeval(WRITERS[kind]([form], tmp_path / f"form.{kind}"))
    scores = score_indicators(indicator_inputs(se))
    execution = score_execution(execution_inputs(se))
    return se, scores, execution, summarise(scores, execution)


@pytest.mark.parametrize(
    ("form", "lines"),
    [(cunji_form, CUNJI_INDICATORS), (weituo_form, WEITUO_INDICATORS)],
    ids=["corpus04", "corpus03"],
)
def test_indicator_scores_match_the_published_ones(form, lines, tmp_path: Path, kind: str) -> None:
    _, scores, _, _ = _scores(form(), tmp_path, kind)
    printed = [float(line[6]) for line in lines if line[2]]  # rows with an indicator
    assert scores["published_score"].tolist() == printed
    assert scores["score"].tolist() == printed
    assert (scores["score_diff"] == 0).all()
    assert not scores["flags"].str.contains("published_differs").any()


def test_reverse_cost_row_of_corpus_04(tmp_path: Path, kind: str) -> None:
    _, scores, _, _ = _scores(cunji_form(), tmp_path, kind)
    row = scores[scores["indicator"] == "项目总成本"].iloc[0]
    # ≤202.6万元, actual 132.9: 10 × min(202.6 ÷ 132.9, 1) = 10
    assert (row["method"], row["score"]) == ("reverse_ratio", 10.0)
    assert "202.6 ÷ 132.9" in row["explanation"]


def test_zero_total_line_is_flagged_against_the_computed_rate(tmp_path: Path, kind: str) -> None:
    # corpus 03 prints 执行率 0 and 得分 0 on the total line; its 本年财政拨款 line shows
    # 89.974 of 89.974 spent, so the computed score is 10 and the difference is flagged
    _, _, execution, summary = _scores(weituo_form(), tmp_path, kind)
    row = execution.iloc[0]
    assert (row["execution_rate"], row["execution_score"], row["published_score"]) == (1.0, 10, 0)
    assert "published_differs" in row["flags"]
    total = summary.iloc[0]
    # 10 + 80 printed indicator points (the copy stops before the 满意度 rows)
    assert (total["total"], total["published_total"], total["total_diff"]) == (90.0, 80.0, -10.0)
    assert "total_differs" in total["flags"]


def test_s5_execution_and_total(tmp_path: Path, kind: str) -> None:
    _, scores, execution, summary = _scores(putuo_form(), tmp_path, kind)
    row = execution.iloc[0]
    # 215,457.6 ÷ 250,000 元 = 86.18 % → 10 × 0.861830 = 8.62, as published
    assert (row["execution_score"], row["published_score"], row["score_diff"]) == (8.62, 8.62, 0)
    assert row["execution_rate"] == pytest.approx(0.8618304)
    # 20 × 85 ÷ 90 = 18.888… → 18.89, as published
    quality = scores[scores["indicator"] == "检查问题整改率"].iloc[0]
    assert (quality["score"], quality["published_score"]) == (18.89, 18.89)
    total = summary.iloc[0]
    assert (total["total"], total["published_total"], total["total_diff"]) == (97.51, 97.51, 0)
    assert total["grade"] == "优"
    # 86 % is below 90 % and the form gives no reason
    assert "rate_below_threshold_no_reason" in row["flags"]


def test_deliberate_mismatch_is_flagged(tmp_path: Path, kind: str) -> None:
    lines = list(CUNJI_INDICATORS)
    lines[1] = (*lines[1][:6], "7", *lines[1][7:])  # 保障村干部人数 =42个, actual 42: 8, not 7
    _, scores, _, summary = _scores(cunji_form(indicators=lines), tmp_path, kind)
    row = scores.iloc[1]
    assert (row["score"], row["published_score"], row["score_diff"]) == (8.0, 7.0, -1.0)
    assert "published_differs" in row["flags"]
    assert "表中得分 7.00，差 -1.00" in row["explanation"]
    assert scores["flags"].str.contains("published_differs").sum() == 1


def test_corpus_01_weights_and_blank_actuals(tmp_path: Path, kind: str) -> None:
    _, scores, execution, summary = _scores(qingshen_form(), tmp_path, kind)
    # 产出 60 + 效益 30 as printed (no 满意度 row, S7); 完成值 and 得分 left blank
    assert scores["weight"].tolist() == [60.0, 30.0]
    assert "weight_sum_mismatch" not in scores.iloc[0]["flags"]
    assert scores["score"].isna().all() and scores["published_score"].isna().all()
    assert scores["flags"].str.contains("actual_missing").all()
    # 预算执行情况: 251.89 ÷ 251.89 = 100 % → 10 (the form leaves 得分 blank)
    assert execution.iloc[0]["execution_score"] == 10.0
    assert summary.iloc[0]["unscored"] == 2


def test_sichuan_reason_for_a_low_rate(tmp_path: Path, kind: str) -> None:
    form = qingshen_form(
        funding=[
            (
                "总额",
                "238.93",
                "251.89",
                "200",
                "79.40%",
                "10",
                "7.94",
                "两名人员年中调出，工资结余。",
            ),
            ("其中:财政资金", "238.93", "251.89", "200", "79.40%", "/", "/"),
        ]
    )
    _, _, execution, _ = _scores(form, tmp_path, kind)
    row = execution.iloc[0]
    # 200 ÷ 251.89 = 79.40 % → 10 × 0.7940 = 7.94, as published; below 90 % with a reason
    assert (row["execution_score"], row["published_score"], row["score_diff"]) == (7.94, 7.94, 0)
    assert row["reason"] == "两名人员年中调出，工资结余。"
    assert "rate_below_threshold_no_reason" not in row["flags"]
    assert "已说明原因" in row["explanation"]
