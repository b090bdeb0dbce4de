"""The source document must load to the facts stated in the foundation issue."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis import load
from kpi_analysis.tables import schema
from kpi_analysis.tables.targets import Dataset


@pytest.fixture(scope="module")
def ds(source_path) -> Dataset:
    return load(source_path)


def test_tables_follow_the_schema(ds: Dataset) -> None:
    for name, table in schema.TABLES.items():
        table.validate(getattr(ds, name))


def test_five_projects_in_document_order(ds: Dataset) -> None:
    assert ds.projects["project_no"].tolist() == [1, 2, 3, 4, 5]
    assert ds.projects.loc[0, "project"] == "机构编制管理及编制周转池改革工作"
    assert set(ds.projects["department"]) == {"宿州市委编办"}
    assert set(ds.projects["implementer"]) == {"宿州市委编办"}


def test_project_narrative_fields(ds: Dataset) -> None:
    first = ds.projects.iloc[0]
    assert first["start"] == "2021-01-01" and first["end"] == "2023-12-31"
    assert first["term"] == "长期"
    assert first["basis"].startswith("《安徽省机构编制委员会")
    assert ds.projects["annual_budget_wan"].tolist() == [30, 11, 20, 10, 9]
    # a basis that wraps onto a second line is joined
    assert "权责事项统一规范的通知" in ds.projects.loc[2, "basis"]


def test_attribute_ticked_or_unknown(ds: Dataset) -> None:
    attrs = ds.projects.set_index("project_no")["attribute"]
    assert attrs[1] == "延续项目"
    assert pd.isna(attrs[3])
    assert (ds.findings["code"] == "attribute_unmarked").sum() == 1


def _amounts(ds: Dataset, period: str, category: str) -> list[float]:
    rows = ds.funding[(ds.funding.period == period) & (ds.funding.category == category)]
    return rows.sort_values("project_no")["amount_wan"].tolist()


def test_funding_amounts(ds: Dataset) -> None:
    assert _amounts(ds, "annual", "total") == [30, 11, 20, 10, 9]
    assert _amounts(ds, "mid_term", "total") == [90, 33, 60, 30, 27]
    assert _amounts(ds, "annual", "fiscal") == [30, 11, 20, 10, 9]
    assert _amounts(ds, "mid_term", "fiscal") == [90, 33, 60, 30, 27]
    assert _amounts(ds, "annual", "other") == [0] * 5
    assert _amounts(ds, "mid_term", "other") == [0] * 5


def test_periods_and_years(ds: Dataset) -> None:
    for frame in (ds.funding, ds.goals, ds.indicators):
        mid = frame[frame.period == "mid_term"]
        annual = frame[frame.period == "annual"]
        assert set(zip(mid.year_start, mid.year_end, strict=True)) == {(2021, 2023)}
        assert set(zip(annual.year_start, annual.year_end, strict=True)) == {(2021, 2021)}


def test_fifty_five_indicators_per_period_nine_placeholders(ds: Dataset) -> None:
    counts = ds.indicators.groupby("period").agg(
        rows=("indicator", "size"), placeholders=("placeholder", "sum")
    )
    assert counts.loc["mid_term", "rows"] == 55 and counts.loc["annual", "rows"] == 55
    assert counts.loc["mid_term", "placeholders"] == 9
    assert counts.loc["annual", "placeholders"] == 9


def test_indicator_key_is_unique(ds: Dataset) -> None:
    key = ["project_no", "period", "level1", "level2", "indicator_no"]
    assert not ds.indicators.duplicated(key).any()


def test_levels_are_canonical(ds: Dataset) -> None:
    assert set(ds.indicators.level1) == {"产出指标", "效益指标", "满意度指标"}
    assert set(ds.indicators.level2) <= set(schema_level2())
    assert not ds.indicators.level2.str.contains(r"\s").any()


def schema_level2() -> tuple[str, ...]:
    from kpi_analysis.text.vocabulary import LEVEL2_CANONICAL

    return LEVEL2_CANONICAL


def test_label_on_second_row_of_its_group(ds: Dataset) -> None:
    row = ds.indicators[
        (ds.indicators.project_no == 3)
        & (ds.indicators.period == "annual")
        & (ds.indicators.indicator == "对权责清单进行即时更新")
    ]
    assert row["level2"].tolist() == ["时效指标"]
    assert row["indicator_no"].tolist() == [1]


def test_target_and_standard_texts(ds: Dataset) -> None:
    row = ds.indicators[
        (ds.indicators.project_no == 1)
        & (ds.indicators.period == "annual")
        & (ds.indicators.level2 == "数量指标")
        & (ds.indicators.indicator_no == 1)
    ].iloc[0]
    assert row["target"] == "市直62家行政机构"
    assert row["standard"] == "计划审核47个"
    assert row["indicator"].startswith("审核市直47家")
    wrapped = ds.indicators[ds.indicators.indicator == "实名制系统信息维护"]
    assert set(wrapped["target"]) == {"实时维护"}


def test_grammar_applied_once_at_build(ds: Dataset) -> None:
    row = ds.indicators[
        (ds.indicators.project_no == 5)
        & (ds.indicators.period == "annual")
        & (ds.indicators.level2 == "数量指标")
    ].iloc[0]
    assert (row["comparator"], row["value"], row["unit"]) == ("≈", 280, "家")
    placeholders = ds.indicators[ds.indicators.placeholder]
    assert set(placeholders["kind"]) == {"empty"}
    assert (placeholders["indicator"] == "").all()


def test_goals_split_by_marker(ds: Dataset) -> None:
    goals = ds.goals.groupby(["project_no", "period"]).size()
    assert goals[(1, "mid_term")] == 2 and goals[(3, "mid_term")] == 3
    assert goals[(3, "annual")] == 2
    assert not ds.goals["goal"].str.match(r"\s*目标\d").any()


def test_export_artefacts_are_not_data(ds: Dataset) -> None:
    for frame in (ds.projects, ds.goals, ds.indicators, ds.findings):
        text = frame.astype(str).to_string()
        assert "bookmark" not in text and "_GoBack" not in text


def test_every_row_points_to_its_cell(ds: Dataset) -> None:
    for frame in (ds.projects, ds.funding, ds.goals, ds.indicators):
        assert frame["source"].str.match(r"^000_2504e2a5ee8feded\.txt#table=\d+,row=\d+").all()


def test_loading_twice_gives_equal_tables(source_path, ds: Dataset) -> None:
    again = load(source_path)
    for name, frame in ds.tables().items():
        pd.testing.assert_frame_equal(frame, again.tables()[name])
