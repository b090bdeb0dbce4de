"""On the source document the review finds what an auditor would write down — and no more."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis import load
from kpi_analysis.analysis.review import FINDINGS, review_dataset


@pytest.fixture(scope="module")
def ds(source_path):
    return load(source_path)


@pytest.fixture(scope="module")
def findings(ds) -> pd.DataFrame:
    return review_dataset(ds)


def _at(findings: pd.DataFrame, rule: str, project: int, period: str | None = None):
    hits = findings[(findings["rule"] == rule) & (findings["project_no"] == project)]
    return hits if period is None else hits[hits["period"] == period]


def test_table_follows_the_contract(findings) -> None:
    FINDINGS.validate(findings)
    assert findings["source"].notna().all()
    assert findings["message"].str.len().min() > 20
    assert findings["basis"].notna().all()


def test_project1_annual_quantity_1_name_and_standard_say_47_value_says_62(findings) -> None:
    hits = _at(findings, "R8", 1, "annual")
    assert len(hits) == 1
    row = hits.iloc[0]
    assert (row["level2"], row["indicator_no"], row["severity"]) == ("数量指标", 1, "error")
    assert "table=1,row=13,col=8" in row["source"]
    assert "47" in row["message"] and "62" in row["message"]
    assert "计划审核47个" in row["message"] and "市直62家行政机构" in row["message"]
    # the mid-term side says 62 everywhere: nothing to report there
    assert _at(findings, "R8", 1, "mid_term").empty
    assert _at(findings, "R14", 1).empty  # one finding for the one defect


def test_project3_annual_quantity_2_name_says_4_value_says_3(findings) -> None:
    hits = _at(findings, "R8", 3, "annual")
    assert len(hits) == 1
    row = hits.iloc[0]
    assert (row["level2"], row["indicator_no"]) == ("数量指标", 2)
    assert "≥4次" in row["message"] and "不少于3次" in row["message"]
    assert set(findings.loc[findings["rule"] == "R8", "project_no"]) == {1, 3}


def test_every_100_percent_satisfaction_target(ds, findings) -> None:
    rows = ds.indicators
    satisfaction = rows[(rows["level2"] == "服务对象满意度指标") & (rows["value"] == 100)]
    assert len(satisfaction) == 12  # every project, both periods
    hits = findings[findings["rule"] == "R5"]
    assert sorted(hits["source"]) == sorted(satisfaction["source"])
    assert set(hits["severity"]) == {"warning"}
    # 注册率 100% (project 5 质量指标) is a plain full-coverage target, not a finding
    assert not hits["indicator"].str.contains("注册率").any()


def test_every_placeholder_row(ds, findings) -> None:
    blanks = ds.indicators[ds.indicators["placeholder"]]
    assert len(blanks) == 18
    hits = findings[findings["rule"] == "R12"]
    assert sorted(hits["source"]) == sorted(blanks["source"])
    assert hits["message"].str.contains("空白模板行").all()


def test_project4_cost_indicator_that_is_not_a_cost(findings) -> None:
    hits = findings[findings["rule"] == "R15"]
    assert set(hits["project_no"]) == {4}
    assert sorted(hits["period"]) == ["annual", "mid_term"]
    assert set(hits["indicator"]) == {"制定事业单位“三定”规定"}
    # project 5's 中文域名使用费 (300元/个/年) is a real cost indicator
    assert _at(findings, "R15", 5).empty
    assert _at(findings, "R6", 5).empty and _at(findings, "R6", 4).empty


def test_missing_cost_indicators(findings) -> None:
    hits = findings[findings["rule"] == "R6"]
    # project 1 has no 成本指标 row; projects 2 and 3 only blank ones; both periods each
    assert sorted(zip(hits["project_no"], hits["period"], strict=True)) == [
        (p, period) for p in (1, 2, 3) for period in ("annual", "mid_term")
    ]


def test_project3_unmarked_attribute(findings) -> None:
    hits = findings[findings["rule"] == "R16"]
    assert hits["project_no"].tolist() == [3]
    assert "table=3,row=6,col=2" in hits.iloc[0]["source"]  # the 项目属性 cell itself
    assert "项目属性未勾选" in hits.iloc[0]["message"]


def test_doubled_words_and_doubled_colon(findings) -> None:
    hits = findings[findings["rule"] == "R13"]
    doubled = hits[hits["message"].str.contains("提高提高")]
    assert sorted(doubled["period"]) == ["annual", "mid_term"]
    assert set(doubled["project_no"]) == {1}
    colon = hits[hits["message"].str.contains("指标1：：")]
    assert len(colon) == 1
    assert (colon.iloc[0]["project_no"], colon.iloc[0]["period"]) == (2, "annual")
    assert colon.iloc[0]["indicator"] == "：优化机关事业单位人员素质"
    assert len(hits) == 3


def test_missing_quality_indicators_in_project3(findings) -> None:
    hits = findings[findings["rule"] == "R1"]
    assert sorted(zip(hits["project_no"], hits["period"], strict=True)) == [
        (3, "annual"),
        (3, "mid_term"),
    ]
    assert hits["message"].str.contains("质量指标").all()
    assert set(hits["severity"]) == {"warning"}


def test_vague_targets(ds, findings) -> None:
    hits = findings[findings["rule"] == "R2"]
    targets = set(hits["message"].str.extract(r"指标值「([^」]+)」")[0])
    assert {"逐步实现", "逐步提高", "逐步推进", "逐步优化", "逐步提升"} <= targets
    # concrete or time-bound targets are not vague
    assert not targets & {"实时维护", "实时更新", "年底前", "每月月初", "财政供养人员只减不增"}


def test_nothing_reported_where_the_form_is_consistent(findings) -> None:
    # funding adds up (90 = 90 + 0 …) and is evenly phased; targets pace consistently
    assert findings[findings["rule"].isin(["R7", "R11", "R14", "R3", "R4"])].empty


def test_sorted_by_severity_then_document_order(findings) -> None:
    order = {"error": 0, "warning": 1, "info": 2}
    ranks = findings["severity"].map(order).tolist()
    assert ranks == sorted(ranks)
    assert findings.iloc[0]["rule"] == "R8" and findings.iloc[0]["project_no"] == 1
    warnings = findings[findings["severity"] == "warning"]
    assert warnings["project_no"].tolist() == sorted(warnings["project_no"])


def test_messages_name_project_and_period(findings) -> None:
    for row in findings.fillna({"period": ""}).itertuples():
        assert f"项目{row.project_no}「{row.project}」" in row.message
        if row.period == "annual":
            assert "2021年度" in row.message
        elif row.period == "mid_term":
            assert "中期（2021—2023年）" in row.message
