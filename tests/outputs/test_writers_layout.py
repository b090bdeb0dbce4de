"""The format-neutral layout of the standard 项目支出绩效目标表."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_analysis import load
from kpi_analysis.outputs.writers.layout import (
    N_COLS,
    VERTICAL,
    FormCell,
    attribute_text,
    covered,
    format_date,
    format_number,
    narrative_paragraphs,
    project_layout,
    project_layouts,
    source_file,
    vertical,
)
from kpi_analysis.tables import schema


def _frame(table: schema.TableSchema, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=table.names)
    return table.coerce(frame)


def _indicator(period: str, level1: str, level2: str, no: int, name: str, **extra) -> dict:
    years = (2021, 2023) if period == "mid_term" else (2021, 2021)
    return {
        "source": "a.txt#table=1,row=9,col=4",
        "project_no": 1,
        "project": "项目甲",
        "period": period,
        "year_start": years[0],
        "year_end": years[1],
        "level1": level1,
        "level2": level2,
        "indicator_no": no,
        "indicator": name,
        "target": extra.get("target", "≥1次"),
        "standard": extra.get("standard", ""),
        "placeholder": name == "",
    }


PROJECT = {
    "source": "a.txt#table=1,row=1,col=1",
    "project_no": 1,
    "project": "项目甲",
    "department": "某局",
    "implementer": None,
    "attribute": "延续项目",
    "term": "长期",
    "start": "2021-01-01",
    "end": "2023-12-31",
    "annual_budget_wan": 30.5,
    "basis": "依据一\n依据二",
    "content": None,
}


def _layout(indicators: list[dict], goals: list[dict] | None = None):
    return project_layout(
        PROJECT,
        schema.FUNDING.empty(),
        _frame(schema.GOALS, goals or []),
        _frame(schema.INDICATORS, indicators),
    )


def _texts(row: list[FormCell]) -> dict[int, str]:
    return {cell.col: cell.text for cell in row}


def test_every_grid_position_is_covered_exactly_once(source_path) -> None:
    for layout in project_layouts(load(source_path)):
        grid = covered(layout.rows)  # raises on overlapping cells
        assert all(all(row) for row in grid), layout.project
        assert all(len(row) == N_COLS for row in grid)


def test_sides_align_row_by_row_within_a_group() -> None:
    rows = [
        _indicator("mid_term", "产出指标", "数量指标", 1, "甲"),
        _indicator("mid_term", "产出指标", "数量指标", 2, "乙"),
        _indicator("mid_term", "产出指标", "数量指标", 3, "丙"),
        _indicator("annual", "产出指标", "数量指标", 1, "丁"),
        _indicator("annual", "效益指标", "社会效益指标", 1, "戊"),
    ]
    layout = _layout(rows)
    body = layout.rows[layout.indicator_header_row + 1 :]
    assert len(body) == 4  # three rows for 数量指标 (the longer side), one for 社会效益指标
    first = {cell.col: cell for cell in body[0]}
    assert first[1].text == vertical("产出指标") and first[1].row_span == 3
    assert first[2].text == "数量指标" and first[2].row_span == 3
    assert first[6].text == "数量指标" and first[6].row_span == 3
    assert _texts(body[0])[3] == "指标1：甲" and _texts(body[0])[7] == "指标1：丁"
    # the annual side has one row: its cells on the next two rows stay empty
    assert _texts(body[1])[3] == "指标2：乙" and _texts(body[1])[7] == ""
    assert _texts(body[2])[7] == _texts(body[2])[8] == _texts(body[2])[9] == ""
    # 社会效益指标 exists on the annual side only: the mid-term label stays empty
    last = {cell.col: cell for cell in body[3]}
    assert last[1].text == vertical("效益指标")
    assert last[2].text == "" and last[6].text == "社会效益指标"
    assert _texts(body[3])[7] == "指标1：戊"
    # 绩效指标 is merged over the header and every indicator row
    label = layout.rows[layout.indicator_header_row][0]
    assert label.kind == VERTICAL and label.row_span == 5


def test_an_entirely_empty_side_leaves_its_columns_empty() -> None:
    layout = _layout([_indicator("annual", "满意度指标", "服务对象满意度指标", 1, "满意")])
    body = layout.rows[layout.indicator_header_row + 1 :]
    assert len(body) == 1
    texts = _texts(body[0])
    assert [texts[c] for c in (2, 3, 4, 5)] == ["", "", "", ""]
    assert texts[6] == "服务对象满意度指标" and texts[7] == "指标1：满意"


def test_placeholder_rows_keep_their_number_and_empty_value() -> None:
    layout = _layout([_indicator("mid_term", "产出指标", "成本指标", 1, "", target="")])
    texts = _texts(layout.rows[layout.indicator_header_row + 1])
    assert texts[3] == "指标1：" and texts[4] == "" and texts[5] == ""


def test_numbers_that_do_not_rise_start_a_new_labelled_group() -> None:
    # two groups with the same label (指标1, 指标2, 指标1): the interpreter starts a new
    # group when a number does not rise, so the second run gets its own 二级 label
    rows = [
        _indicator("mid_term", "产出指标", "数量指标", 1, "甲"),
        _indicator("mid_term", "产出指标", "数量指标", 2, "乙"),
        _indicator("mid_term", "产出指标", "数量指标", 1, "丙"),
    ]
    layout = _layout(rows)
    body = layout.rows[layout.indicator_header_row + 1 :]
    labels = [c.text for row in body for c in row if c.col == 2]
    assert labels == ["数量指标", "数量指标"]
    assert [_texts(r)[3] for r in body] == ["指标1：甲", "指标2：乙", "指标1：丙"]


def test_missing_numbers_continue_from_the_row_before() -> None:
    rows = [
        _indicator("annual", "产出指标", "数量指标", 4, "甲"),
        {**_indicator("annual", "产出指标", "数量指标", 0, "乙"), "indicator_no": None},
    ]
    body = _layout(rows).rows[-2:]
    assert [_texts(r)[7] for r in body] == ["指标4：甲", "指标5：乙"]


def test_goal_cells_number_each_goal_and_name_the_mid_term_years() -> None:
    goals = [
        {"project_no": 1, "period": "mid_term", "year_start": 2021, "year_end": 2023,
         "goal_no": 1, "goal": "甲"},
        {"project_no": 1, "period": "mid_term", "year_start": 2021, "year_end": 2023,
         "goal_no": 2, "goal": "乙"},
        {"project_no": 1, "period": "annual", "year_start": 2022, "year_end": 2022,
         "goal_no": 1, "goal": "丙"},
    ]  # fmt: skip
    goals = [{"source": "a.txt", "project": "项目甲", **g} for g in goals]
    layout = _layout([], goals)
    texts = [cell.text for row in layout.rows for cell in row]
    assert "中期目标（2021年—2023年）" in texts and "年度目标" in texts
    assert "目标1：甲\n目标2：乙" in texts and "目标1：丙" in texts
    assert "（2022年度）" in texts


def test_attribute_ticks_one_box_or_none() -> None:
    assert attribute_text("延续项目") == "□新增项目 ■延续项目"
    assert attribute_text("新增项目") == "■新增项目 □延续项目"
    assert attribute_text(None) == "□新增项目 □延续项目"
    assert attribute_text(pd.NA) == "□新增项目 □延续项目"
    assert attribute_text("经常性项目") == "□新增项目 □延续项目 ■经常性项目"


def test_numbers_are_plain_decimals() -> None:
    assert format_number(90.0) == "90"
    assert format_number(12.5) == "12.5"
    assert format_number(0.00001) == "0.00001"  # never 1e-05
    assert format_number(1234567.891) == "1234567.891"
    assert format_number(0) == "0"


def test_narrative_paragraphs_follow_the_source_document() -> None:
    lines = narrative_paragraphs(PROJECT, 3)
    assert lines == [
        "3.“项目甲”项目。",
        "（1）项目概述：项目甲。",
        "（2）立项依据：依据一",
        "依据二",  # a line break continues the item on the next paragraph
        "（3）起止时间：2021年1月1日至2023年12月31日。",
        "（5）年度预算安排：30.5万元。",  # no （4）: content is missing
        "（6）绩效目标和指标：详见下表。",
    ]
    assert format_date("2021-03-09") == "2021年3月9日"
    assert format_date(None) is None


def test_projects_from_several_files_are_renumbered_and_keep_their_rows() -> None:
    projects = _frame(
        schema.PROJECTS,
        [
            {**PROJECT, "source": "a.docx#table=1,row=1,col=1", "project": "甲"},
            {**PROJECT, "source": "b.docx#table=1,row=1,col=1", "project": "乙"},
        ],
    )
    indicators = _frame(
        schema.INDICATORS,
        [
            {**_indicator("annual", "产出指标", "数量指标", 1, "甲的指标"),
             "source": "a.docx#table=1,row=12,col=8"},
            {**_indicator("annual", "产出指标", "数量指标", 1, "乙的指标"),
             "source": "b.docx#table=1,row=12,col=8"},
        ],
    )  # fmt: skip
    layouts = project_layouts({"projects": projects, "indicators": indicators})
    assert [layout.project_no for layout in layouts] == [1, 2]
    assert [layout.paragraphs[0] for layout in layouts] == ["1.“甲”项目。", "2.“乙”项目。"]
    mine = [[c.text for c in layout.rows[-1] if c.col == 7] for layout in layouts]
    assert mine == [["指标1：甲的指标"], ["指标1：乙的指标"]]
    assert source_file("b.docx#table=1,row=12,col=8") == "b.docx"
    assert source_file("a.xlsx#sheet=x,cell=A1,row=1,col=1") == "a.xlsx"


def test_content_the_standard_form_cannot_hold_is_refused() -> None:
    bad = _indicator("annual", "产出指标", "数量指标", 1, "甲")
    with pytest.raises(ValueError, match="期间"):
        _layout([{**bad, "period": "quarter"}])
    with pytest.raises(ValueError, match="期间"):
        _layout([{**bad, "period": None}])
    funding = _frame(
        schema.FUNDING,
        [
            {"project_no": 1, "period": "annual", "category": "total", "amount_wan": 1.0},
            {"project_no": 1, "period": "annual", "category": "total", "amount_wan": 2.0},
        ],
    )
    with pytest.raises(ValueError, match="出现多次"):
        project_layout(PROJECT, funding, schema.GOALS.empty(), schema.INDICATORS.empty())
    with pytest.raises(ValueError, match="没有可写出的项目"):
        project_layouts({"projects": schema.PROJECTS.empty()})
    with pytest.raises(TypeError):
        project_layouts([1, 2])
    with pytest.raises(ValueError, match="缺少.*amount_wan"):
        project_layouts({"projects": _frame(schema.PROJECTS, [PROJECT]),
                         "funding": pd.DataFrame({"project_no": [1]})})  # fmt: skip
