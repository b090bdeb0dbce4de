"""Tables for people: Chinese headers, formatted numbers, blanks, level order, stable HTML."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis.analysis.scoring.execution import EXECUTION
from kpi_analysis.outputs import export
from kpi_analysis.outputs.display import Table, nothing_for, ordered_levels
from kpi_analysis.outputs.labels import column_kinds
from kpi_analysis.tables.schema import AMOUNT_WAN, FLOAT, NUMBER, RATE, TableSchema


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_no": pd.array([1, 2, None], dtype="Int64"),
            "level1": ["满意度指标", "产出指标", "效益指标"],
            "level2": ["服务对象满意度指标", "数量指标", "社会效益指标"],
            "budget_full": pd.array([10.0, 2.5, None], dtype="Float64"),
            "execution_rate": [0.86, 1.0, float("nan")],
            "reason": ["延至次年", None, pd.NA],
            "low_rate_without_reason": [False, True, False],
        }
    )


def test_headers_are_chinese_and_numbers_formatted_and_blanks_blank() -> None:
    table = Table(_frame(), "tracking", name="t1")
    assert table.columns == [
        "项目序号",
        "一级指标",
        "二级指标",
        "全年预算数（万元）",
        "预算执行率",
        "偏差原因",
        "执行率低于90%且未说明原因",
    ]
    rows = table.cells.to_dict("records")
    assert rows[0]["全年预算数（万元）"] == "10.00" and rows[1]["全年预算数（万元）"] == "2.50"
    assert rows[0]["预算执行率"] == "86.00%" and rows[1]["预算执行率"] == "100.00%"
    assert rows[2]["项目序号"] == rows[2]["全年预算数（万元）"] == rows[2]["偏差原因"] == ""
    assert rows[1]["执行率低于90%且未说明原因"] == "是"
    html = table.to_html()
    for bad in ("<NA>", "&lt;NA&gt;", "nan", "None"):
        assert bad not in html and bad not in table.to_text()


def test_html_is_stable_and_has_no_index() -> None:
    first, second = (
        Table(_frame(), "tracking", name="same"),
        Table(_frame(), "tracking", name="same"),
    )
    assert first.to_html() == second.to_html()
    assert 'id="T_same"' in first.to_html()
    assert "row_heading" not in first.to_html()  # index hidden
    assert repr(first) == first.to_text() and "86.00%" in repr(first)


def test_levels_follow_the_official_order() -> None:
    ordered = ordered_levels(_frame()).sort_values("level1")
    assert list(ordered["level1"]) == ["产出指标", "效益指标", "满意度指标"]
    assert ordered["level2"].cat.ordered
    assert list(ordered["level2"].cat.categories) == [
        "数量指标",
        "社会效益指标",
        "服务对象满意度指标",
    ]


def test_an_empty_table_says_so() -> None:
    table = Table(_frame().iloc[0:0], "tracking", name="empty", caption="项目")
    assert table.to_html() == '<p class="empty">（无数据）</p>'
    assert table.to_text() == "项目\n（无数据）"
    assert (
        nothing_for(2020, "绩效目标表", []) == "2020 年没有绩效目标表（已有年度：无），本节从略。"
    )


def test_formats_follow_the_declared_kinds_not_the_headers() -> None:
    frame = pd.DataFrame(
        {"budget_full": [1234.5], "x": [1234.5], "ratio": [0.5], "published_rate": [0.9]}
    )
    schema = TableSchema(
        "t",
        (
            ("budget_full", FLOAT, NUMBER),  # header says 万元, kind says a plain number
            ("x", FLOAT, AMOUNT_WAN),
            ("ratio", FLOAT, RATE),
        ),
    )
    row = Table(frame, "tracking", name="kinds", table=schema).cells.iloc[0].tolist()
    assert row == ["1234.50", "1,234.50", "50.00%", "90.00%"]  # published_rate: execution
    named = Table(frame[["published_rate"]], "tracking", name="named", table="execution")
    assert named.cells.iloc[0, 0] == "90.00%"
    assert export.number_format(column_kinds(["published_rate"], EXECUTION)["published_rate"])
    with pytest.raises(KeyError):
        Table(frame, name="unknown", table="no-such-table")
