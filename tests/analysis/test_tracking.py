"""Tracking across years: targets per year, mid-term changes, funding, progress and bands."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from year_documents import write_year_documents

from kpi_analysis import Dataset, load, load_actuals
from kpi_analysis.analysis.tracking import (
    DEFAULT_STATUS_BANDS,
    ProgressProfile,
    StatusBand,
    StatusBands,
    apply_plan_targets,
    cumulative_progress,
    funding_by_year,
    match_plan_targets,
    midterm_changes,
    round_half_up,
    target_basis,
    year_targets,
)
from kpi_analysis.outputs.labels import for_display
from kpi_analysis.tables import schema
from kpi_analysis.text.grammar import parse_targets

TRAINING = "实名制系统培训"


@pytest.fixture(scope="module")
def three_years(source_path: Path, tmp_path_factory) -> Dataset:
    return load(write_year_documents(source_path, tmp_path_factory.mktemp("years")))


@pytest.fixture(scope="module")
def one_year(source_path: Path) -> Dataset:
    return load(source_path)


@pytest.fixture(scope="module")
def example(repo_root: Path):
    return load_actuals(repo_root / "data" / "raw" / "actuals_example_2021-2023.xlsx")


# ----------------------------------------------------------------------------- bands


def test_bands_are_printable() -> None:
    text = DEFAULT_STATUS_BANDS.describe()
    assert text.startswith("蓝 超前：≥120%；绿 正常：80%–120%；黄 偏慢：60%–80%；红 滞后：<60%")
    assert "按显示的整数百分比判定" in text
    assert DEFAULT_STATUS_BANDS.describe(reverse=True).startswith(
        "绿 控制在目标内：≥100%；红 超出目标：<100%"
    )
    legend = DEFAULT_STATUS_BANDS.legend()
    assert legend["status"].tolist() == [
        "超前",
        "正常",
        "偏慢",
        "滞后",
        "控制在目标内",
        "超出目标",
        "无法计量",
    ]
    assert legend["colour"].str.match(r"^#[0-9A-F]{6}$").all()
    shown = for_display(legend, "tracking")
    assert list(shown.columns) == ["指标方向", "状态", "颜色", "颜色名称", "范围"]


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1.2, "超前"),
        (1.195, "超前"),  # shown as 120%
        (1.1949, "正常"),  # shown as 119%
        (0.795, "正常"),  # shown as 80%
        (0.7949, "偏慢"),  # shown as 79%
        (0.595, "偏慢"),
        (0.5949, "滞后"),
        (0.0, "滞后"),
        (None, "无法计量"),
    ],
)
def test_status_is_decided_on_the_rounded_value_shown(value: float | None, label: str) -> None:
    assert DEFAULT_STATUS_BANDS.classify(value).label == label


def test_bands_with_one_decimal() -> None:
    bands = StatusBands(decimals=1)
    assert bands.percent(0.7995) == "80.0%" and bands.classify(0.7995).label == "正常"
    assert bands.percent(0.79949) == "79.9%" and bands.classify(0.79949).label == "偏慢"
    assert "按显示的1位小数百分比判定" in bands.describe()


def test_bands_must_descend_to_zero() -> None:
    with pytest.raises(ValueError):
        StatusBands(
            bands=(StatusBand("好", 0.5, "#000000", "黑"), StatusBand("差", 0.8, "#FFFFFF", "白"))
        )
    with pytest.raises(ValueError):
        StatusBands(reverse_bands=(StatusBand("好", 1.0, "#000000", "黑"),))


def test_round_half_up() -> None:
    assert round_half_up(0.795, 2) == 0.8  # binary 0.79499… still rounds up
    assert round_half_up(2.675, 2) == 2.68
    assert round_half_up(0.7949, 2) == 0.79


# ----------------------------------------------------------------------------- (a) targets


def test_one_document_falls_back_to_mid_term_and_says_so(one_year: Dataset) -> None:
    targets = year_targets(one_year.indicators, one_year.projects, [2021, 2022, 2023])
    basis = target_basis(targets)
    assert len(basis) == 15
    assert set(basis.loc[basis["year"] == 2021, "target_period"]) == {"annual"}
    later = basis[basis["year"] > 2021]
    assert set(later["target_period"]) == {"mid_term"}
    assert later["target_note"].str.contains("无年度目标，按中期目标").all()
    training = targets[targets["indicator"] == TRAINING]
    assert training["target"].tolist() == ["不少于1次", "不少于3次", "不少于3次"]


def test_each_year_has_its_own_annual_targets(three_years: Dataset) -> None:
    targets = year_targets(three_years.indicators, three_years.projects, [2021, 2022, 2023])
    training = targets[targets["indicator"] == TRAINING]
    assert training["target"].tolist() == ["不少于1次", "不少于2次", "不少于3次"]
    assert training["target_period"].tolist() == ["annual"] * 3
    assert training["document"].tolist() == ["2021.txt", "2022.txt", "2023.txt"]
    assert set(target_basis(targets)["target_period"]) == {"annual"}


def test_workbook_rows_are_measured_against_the_year_document(
    three_years: Dataset, example
) -> None:
    rows = example.indicators_actuals
    targets = year_targets(three_years.indicators, three_years.projects, [2021, 2022, 2023])
    matched = match_plan_targets(rows, targets)
    assert not rows.columns.isin(["plan_target"]).any()  # input untouched
    training = matched[matched["indicator"] == TRAINING].set_index("year")
    # the workbook was prefilled from the 2021 document: 2022 and 2023 carry the mid-term 3次
    assert training["target"].tolist() == ["不少于1次", "不少于3次", "不少于3次"]
    assert training["target_check"].tolist() == ["same", "differs", "same"]
    assert training.loc[2022, "plan_target"] == "不少于2次"
    applied = apply_plan_targets(matched)
    row = applied[(applied["indicator"] == TRAINING) & (applied["year"] == 2022)].iloc[0]
    assert (row["target"], row["target_period"], row["value"]) == ("不少于2次", "annual", 2.0)
    assert row["target_note"] == "目标取自2022年度目标（2022.txt）（原为“不少于3次”）"
    unchanged = applied[applied["target_check"] == "same"]
    assert unchanged["target_note"].isna().all()


def test_rows_for_a_year_without_targets(one_year: Dataset, example) -> None:
    rows = example.indicators_actuals.head(3).assign(year=2025)
    targets = year_targets(one_year.indicators, one_year.projects, [2025])
    matched = match_plan_targets(rows, targets)
    assert (matched["target_check"] == "no_targets_for_year").all()
    assert matched["plan_note"].iloc[0] == "绩效目标表中没有该项目 2025 年的目标"


# ----------------------------------------------------------------------------- (b) changes


def test_midterm_changes_between_documents(three_years: Dataset) -> None:
    changes = midterm_changes(three_years.indicators, three_years.projects)
    assert set(changes["project_no"]) == {1}
    first = changes[changes["to_document"] == "2022.txt"].set_index("change")
    assert sorted(first.index) == ["added", "dropped", "target_changed"]
    assert first.loc["target_changed", "target_from"].endswith("2280名、中小学周转池编制1748名")
    assert first.loc["target_changed", "target_to"].endswith("2300名、中小学周转池编制1748名")
    assert first.loc["added", ["indicator_to", "target_to"]].tolist() == [
        "开展机构编制政策培训",
        "≥6次",
    ]
    assert first.loc["added", "source_to"].startswith("2022.txt#table=1,")
    assert first.loc["dropped", "indicator_from"] == "实现编制使用效率的最大化"
    assert first.loc["dropped", "source_from"].startswith("2021.txt#table=1,")
    assert first.loc["added", "change_label"] == "新增"
    back = changes[changes["to_document"] == "2023.txt"]
    assert sorted(back["change"]) == ["added", "dropped", "target_changed"]
    assert (back["from_document"] == "2022.txt").all()


def test_unchanged_rows_on_request(three_years: Dataset, one_year: Dataset) -> None:
    everything = midterm_changes(
        three_years.indicators, three_years.projects, include_unchanged=True
    )
    mid_rows = one_year.indicators[
        (one_year.indicators["period"] == "mid_term") & ~one_year.indicators["placeholder"]
    ]
    # two comparisons (2021→2022, 2022→2023) of every project: each mid-term row is paired
    # or listed; project 1 has one extra row (the added/dropped pair in each comparison)
    assert len(everything) == 2 * (len(mid_rows) + 1)
    assert midterm_changes(one_year.indicators, one_year.projects).empty


# ----------------------------------------------------------------------------- (c) funding


def test_funding_by_year_cumulates_and_flags() -> None:
    execution = pd.DataFrame(
        {
            "project": ["甲", "甲", "甲", "乙"],
            "year": [2021, 2022, 2023, 2021],
            "budget_full": [30.0, 30.0, 30.0, 10.0],
            "executed": [29.0, 24.0, 40.0, 8.0],
            "reason": [None, None, None, "部分采购延至次年"],
        }
    )
    plan = pd.DataFrame(
        {
            "project_no": [1, 1, 1, 2],
            "project": ["甲", "甲", "甲", "乙"],
            "year": [2021, 2022, 2023, 2021],
            "annual_budget": [30.0, None, None, 10.0],
            "mid_term_total": [90.0, 90.0, 90.0, 30.0],
            "mid_term_years": ["2021—2023"] * 3 + ["2021—2023"],
        }
    )
    out = funding_by_year(execution, plan)
    first = out[out["project"] == "甲"].reset_index(drop=True)
    assert first["execution_rate"].round(4).tolist() == [0.9667, 0.8, 1.3333]
    assert first["cumulative_executed"].tolist() == [29.0, 53.0, 93.0]
    assert first["cumulative_share"].round(4).tolist() == [0.3222, 0.5889, 1.0333]
    assert first["remaining"].tolist() == [61.0, 37.0, -3.0]
    # 80 % without a reason is flagged; 2023 spends past the mid-term total
    assert first["low_rate_without_reason"].tolist() == [False, True, False]
    assert first["exceeds_mid_term"].tolist() == [False, False, True]
    assert "累计执行 93 万元超过中期资金总额 90 万元" in first.loc[2, "note"]
    second = out[out["project"] == "乙"].iloc[0]
    assert second["execution_rate"] == 0.8 and not second["low_rate_without_reason"]
    assert second["note"] == "执行率低于90%，已说明原因"
    assert (out["project_no"].tolist(), second["annual_budget"]) == ([1, 1, 1, 2], 10.0)
    assert execution.columns.tolist() == ["project", "year", "budget_full", "executed", "reason"]


def test_funding_of_the_example_workbook(example) -> None:
    out = funding_by_year(example.funding_actuals)
    first = out[out["project_no"] == 1]
    # 29.1 + 26.6 + 29.7 万元 of 90 万元 (mid_term_total from the workbook's funding sheet)
    assert first["cumulative_executed"].tolist() == [29.1, 55.7, 85.4]
    assert first["cumulative_share"].iloc[-1] == pytest.approx(85.4 / 90)
    assert not out["low_rate_without_reason"].any()
    assert not out["exceeds_mid_term"].any()


# ----------------------------------------------------------------------------- (d) progress


def _indicators(rows: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Target rows (period, indicator, target, year_start, year_end) of project 甲 in a.txt."""
    frame = pd.DataFrame(
        [
            {
                "source": f"a.txt#table=1,row={i + 3},col={4 if period == 'mid_term' else 8}",
                "project_no": 1,
                "project": "甲",
                "period": period,
                "year_start": start,
                "year_end": end,
                "level1": "产出指标",
                "level2": "数量指标",
                "indicator_no": i + 1,
                "indicator": name,
                "target": target,
                "standard": "",
                "placeholder": False,
            }
            for i, (period, name, target, start, end) in enumerate(rows)
        ]
    )
    parsed = parse_targets(frame["target"].astype("string"))
    frame = schema.INDICATORS.coerce(pd.concat([frame, parsed], axis=1))
    projects = pd.DataFrame({"source": ["a.txt#table=1"], "project_no": [1], "project": ["甲"]})
    return frame, projects


def _actuals(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["year", "indicator", "target", "actual", "target_period"]
    ).assign(project="甲", level1="产出指标", level2="数量指标")


def test_counts_add_up_toward_the_mid_term_target() -> None:
    indicators, projects = _indicators(
        [("mid_term", "开展培训", "≥30次", 2021, 2023), ("annual", "开展培训", "≥10次", 2021, 2021)]
    )
    actuals = _actuals(
        [
            (2021, "开展培训", "≥10次", "8", "annual"),
            (2022, "开展培训", "≥30次", "12", "mid_term"),
            (2023, "开展培训", "≥30次", "10", "mid_term"),
        ]
    )
    out = cumulative_progress(actuals, indicators, projects)
    assert out["aggregation"].unique().tolist() == ["sum"]
    assert out["cumulative"].tolist() == [8.0, 20.0, 30.0]
    assert out["expected_share"].round(4).tolist() == [0.3333, 0.6667, 1.0]
    # 8 of 30 after one year of three: 26.67 % of the target, 80 % of what is due → 正常
    assert out["progress"].round(4).tolist() == [0.2667, 0.6667, 1.0]
    assert out["pace_shown"].tolist() == ["80%", "100%", "100%"]
    assert out["status"].tolist() == ["正常", "正常", "正常"]
    assert out["bands"].iloc[0] == DEFAULT_STATUS_BANDS.describe()
    assert (out["mid_years"] == "2021—2023").all()


def test_rates_take_the_latest_year_and_overrides_apply() -> None:
    indicators, projects = _indicators(
        [
            ("mid_term", "群众满意度", "≥95%", 2021, 2023),
            ("mid_term", "开展培训", "≥30次", 2021, 2023),
        ]
    )
    actuals = _actuals(
        [
            (2021, "群众满意度", "≥95%", "90", "mid_term"),
            (2022, "群众满意度", "≥95%", "55", "mid_term"),
            (2021, "开展培训", "≥30次", "12", "mid_term"),
            (2022, "开展培训", "≥30次", "30", "mid_term"),
        ]
    )
    out = cumulative_progress(actuals, indicators, projects)
    rate = out[out["indicator"] == "群众满意度"]
    assert rate["aggregation"].unique().tolist() == ["latest"]
    assert rate["cumulative"].tolist() == [90.0, 55.0]
    # 90 ÷ 95 = 94.7 % → 95 % 正常; 55 ÷ 95 = 57.9 % → 58 % 滞后
    assert rate["pace_shown"].tolist() == ["95%", "58%"]
    assert rate["status"].tolist() == ["正常", "滞后"]
    assert rate["colour"].tolist() == ["#2E7D32", "#C62828"]
    profile = ProgressProfile(aggregation=(("开展培训", "latest"),))
    training = cumulative_progress(actuals, indicators, projects, profile)
    training = training[training["indicator"] == "开展培训"]
    assert training["aggregation"].unique().tolist() == ["latest"]
    assert training["cumulative"].tolist() == [12.0, 30.0]
    assert training["aggregation_note"].iloc[0] == "最近一年：按配置"
    with pytest.raises(ValueError):
        ProgressProfile(aggregation=(("开展培训", "average"),))


def test_a_level_restated_every_year_is_not_summed() -> None:
    indicators, projects = _indicators(
        [
            ("mid_term", "审核机构编制事项", "62家", 2021, 2023),
            ("annual", "审核机构编制事项", "62家", 2021, 2021),
        ]
    )
    actuals = _actuals(
        [
            (2021, "审核机构编制事项", "62家", "62", "annual"),
            (2022, "审核机构编制事项", "62家", "62", "mid_term"),
        ]
    )
    out = cumulative_progress(actuals, indicators, projects)
    assert out["aggregation"].unique().tolist() == ["latest"]
    assert out["cumulative"].tolist() == [62.0, 62.0]
    assert out["status"].tolist() == ["正常", "正常"]
    assert "计量对象总体" in out["aggregation_note"].iloc[0]


def test_a_restated_value_makes_an_unclear_target_a_level_and_otherwise_no_progress() -> None:
    restated = _indicators(
        [("mid_term", "新建站点", "12个", 2021, 2023), ("annual", "新建站点", "12个", 2021, 2021)]
    )
    actuals = _actuals([(2021, "新建站点", "12个", "12", "annual")])
    out = cumulative_progress(actuals, *restated)
    assert out["aggregation"].tolist() == ["latest"]
    assert "年度目标与中期目标数值相同" in out["aggregation_note"].iloc[0]
    unclear = _indicators(
        [("mid_term", "新建站点", "12个", 2021, 2023), ("annual", "新建站点", "5个", 2021, 2021)]
    )
    actuals = _actuals([(2021, "新建站点", "5个", "5", "annual")])
    out = cumulative_progress(actuals, *unclear)
    assert out["aggregation"].tolist() == ["unclear"]
    assert out["progress"].isna().all() and "口径不明" in out["note"].iloc[0]


def test_reverse_totals_stay_within_the_pro_rata_allowance() -> None:
    indicators, projects = _indicators([("mid_term", "项目总成本", "≤90万元", 2021, 2023)])
    actuals = _actuals(
        [
            (2021, "项目总成本", "≤90万元", "25", "mid_term"),
            (2022, "项目总成本", "≤90万元", "30", "mid_term"),
            (2023, "项目总成本", "≤90万元", "40", "mid_term"),
        ]
    )
    out = cumulative_progress(actuals, indicators, projects)
    assert out["cumulative"].tolist() == [25.0, 55.0, 95.0]
    # allowance 30, 60, 90: 30/25 = 120 %, 60/55 = 109 %, 90/95 = 94.7 % → 超出目标
    assert out["pace_shown"].tolist() == ["120%", "109%", "95%"]
    assert out["status"].tolist() == ["控制在目标内", "控制在目标内", "超出目标"]
    assert out["bands"].iloc[0] == DEFAULT_STATUS_BANDS.describe(reverse=True)


def test_qualitative_and_missing_years() -> None:
    indicators, projects = _indicators(
        [
            ("mid_term", "制度建设", "逐步完善", 2021, 2023),
            ("mid_term", "开展培训", "≥30次", 2021, 2023),
        ]
    )
    actuals = _actuals(
        [
            (2021, "制度建设", "逐步完善", "达成年度指标", "mid_term"),
            (2022, "制度建设", "逐步完善", "达成年度指标", "mid_term"),
        ]
    )
    out = cumulative_progress(actuals, indicators, projects)
    quality = out[out["indicator"] == "制度建设"]
    assert quality["status"].tolist() == ["无法计量", "无法计量"]
    assert quality["pace"].isna().all()
    training = out[out["indicator"] == "开展培训"]
    assert training["year_actual"].isna().all()
    assert training["note"].tolist() == ["2021年没有对应的实际完成值", "2022年没有对应的实际完成值"]


def test_text_actual_for_a_count_is_not_added() -> None:
    indicators, projects = _indicators([("mid_term", "开展培训", "≥30次", 2021, 2023)])
    actuals = _actuals(
        [
            (2021, "开展培训", "≥10次", "12", None),  # a row that does not say its period
            (2022, "开展培训", "≥30次", "已完成", "mid_term"),
        ]
    )
    out = cumulative_progress(actuals, indicators, projects)
    assert out["cumulative"].tolist() == [12.0, 12.0]
    assert pd.isna(out["note"].iloc[0])
    assert out["note"].iloc[1] == "2022年实际完成值“已完成”不是数值，未计入"
    # 12 after one year of three is 120 % of what is due; 12 after two is 60 %
    assert out["status"].tolist() == ["超前", "偏慢"]


def test_progress_on_the_example_data(one_year: Dataset, example) -> None:
    out = cumulative_progress(example.indicators_actuals, one_year.indicators, one_year.projects)
    mid = one_year.indicators[
        (one_year.indicators["period"] == "mid_term") & ~one_year.indicators["placeholder"]
    ]
    assert len(out) == 3 * len(mid)
    assert set(out["status"]) <= {"超前", "正常", "偏慢", "滞后", "无法计量"}
    training = out[(out["project_no"] == 2) & (out["indicator"] == TRAINING)]
    # 不少于3次 over 2021–2023, summed: 2 + 3 + 3 = 8 (the example overshoots on purpose)
    assert training["cumulative"].tolist() == [2.0, 5.0, 8.0]
    assert training["status"].tolist() == ["超前", "超前", "超前"]
