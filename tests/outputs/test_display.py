"""Tables for people: Chinese headers, formatted numbers, blanks, wide tables in parts."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis.analysis.scoring.execution import EXECUTION
from kpi_analysis.outputs import display, export
from kpi_analysis.outputs.display import Table, nothing_for, split_columns
from kpi_analysis.outputs.labels import column_kinds
from kpi_analysis.tables.schema import AMOUNT_WAN, FLOAT, NUMBER, RATE, TableSchema, ordered_levels


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


def test_ordered_levels_show_as_their_names_and_blanks() -> None:
    frame = ordered_levels(_frame().assign(level1=["满意度指标", None, "实施效果指标"]))
    shown = Table(frame.sort_values("level1"), "tracking", name="levels").cells["一级指标"]
    assert shown.tolist() == ["满意度指标", "实施效果指标", ""]


def _wide(columns: int) -> pd.DataFrame:
    keys = {"project_no": [1, 2], "project": ["甲", "乙"], "indicator": ["数量", "质量"]}
    return pd.DataFrame({**keys, **{f"c{i}": [i, i + 1] for i in range(columns)}})


def test_a_wide_table_is_split_into_parts_repeating_the_key_columns() -> None:
    frame = _wide(12)
    parts = split_columns(frame, max_columns=8)
    assert len(parts) == 3  # 12 other columns, 5 beside the 3 keys in each part
    assert all(len(part.columns) <= 8 for part in parts)
    assert all(list(part.columns[:3]) == ["project_no", "project", "indicator"] for part in parts)
    moved = frame[["c0", "project_no", "indicator", *(f"c{i}" for i in range(1, 12))]]
    middle = split_columns(moved, max_columns=8)  # 12 others, 6 beside the 2 keys
    assert list(middle[0].columns[:3]) == ["c0", "project_no", "indicator"]  # frame's order
    assert list(middle[1].columns[:3]) == ["project_no", "indicator", "c6"]
    others = [c for part in parts for c in part.columns[3:]]
    assert others == [f"c{i}" for i in range(12)]
    assert [len(part.columns) - 3 for part in parts] == [4, 4, 4]  # spread evenly
    assert len(split_columns(_wide(5), max_columns=8)) == 1
    assert len(split_columns(frame, max_columns=None)) == 1
    by_c0 = split_columns(frame, keys=["c0"], max_columns=12)  # 14 others: 7 and 7
    assert [list(p.columns) for p in by_c0] == [
        ["project_no", "project", "indicator", "c0", "c1", "c2", "c3", "c4"],
        ["c0", "c5", "c6", "c7", "c8", "c9", "c10", "c11"],
    ]


def test_show_table_shows_a_wide_table_in_captioned_parts(monkeypatch) -> None:
    shown: list[Table] = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    display.show_table(_wide(12).set_index("project_no"), name="wide", index=True, caption="甲")
    assert [t.name for t in shown] == ["wide-1", "wide-2", "wide-3"]
    assert [t.caption for t in shown] == [f"甲（第 {i}/3 部分）" for i in (1, 2, 3)]
    assert all(t.columns[:3] == ["项目序号", "项目名称", "三级指标"] for t in shown)
    shown.clear()
    display.show_table(_wide(2), name="narrow")
    assert [(t.name, t.caption) for t in shown] == [("narrow", None)]


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
