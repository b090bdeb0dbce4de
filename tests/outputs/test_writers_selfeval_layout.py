"""The format-neutral grid of 项目支出绩效自评表 (docs/rules.md#selfeval-form)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from selfeval_examples import sample_form

from kpi_analysis.outputs.writers.layout import FormCell
from kpi_analysis.outputs.writers.selfeval_layout import (
    EXAMPLE_NOTICE,
    FUNDING_COLUMNS,
    FUNDING_ROWS,
    INDICATOR_COLUMNS,
    N_COLS,
    FundingLine,
    check_grid,
    class_weights,
    rate_text,
    score_text,
    selfeval_layout,
)


def _texts(row: list[FormCell]) -> list[str]:
    return [cell.text for cell in row]


def _row_starting(layout, text: str) -> int:
    return next(i for i, row in enumerate(layout.rows) if row and row[0].text == text)


def test_title_names_the_year_and_says_example_data_only_for_example_data() -> None:
    plain = selfeval_layout(sample_form())
    assert _texts(plain.rows[0]) == ["项目支出绩效自评表（2021年度）"]
    assert plain.rows[0][0].col_span == N_COLS
    assert all(EXAMPLE_NOTICE not in cell.text for row in plain.rows for cell in row)
    assert not any(EXAMPLE_NOTICE in note for note in plain.notes)
    example = selfeval_layout(sample_form(example=True))
    assert _texts(example.rows[0]) == [f"项目支出绩效自评表（2021年度）\n{EXAMPLE_NOTICE}"]
    assert example.notes[0].startswith(EXAMPLE_NOTICE)
    assert example.example
    assert len(example.rows) == len(plain.rows)  # the notice is a line of the title


def test_header_rows_name_project_department_and_implementer() -> None:
    layout = selfeval_layout(sample_form())
    assert _texts(layout.rows[1]) == ["项目名称", "深化事业单位改革"]
    assert _texts(layout.rows[2]) == ["主管部门", "宿州市委编办", "实施单位", "宿州市委编办"]


def test_funding_block_columns_rows_and_dashes() -> None:
    layout = selfeval_layout(sample_form())
    start = next(i for i, row in enumerate(layout.rows) if row[0].text.startswith("项目资金"))
    header = layout.rows[start]
    assert header[0].row_span == 1 + len(FUNDING_ROWS)  # the label runs down the block
    assert _texts(header)[2:] == list(FUNDING_COLUMNS)
    body = layout.rows[start + 1 : start + 5]
    assert [row[0].text for row in body] == list(FUNDING_ROWS)
    # the total row carries 分值 10, 执行率 and 得分; the other rows "—" for 分值 and 得分
    assert _texts(body[0]) == ["年度资金总额", "10", "10", "8.6", "10", "86.00%", "8.60"]
    assert _texts(body[1]) == ["其中：当年财政拨款", "10", "10", "8.6", "—", "86.00%", "—"]
    assert _texts(body[2]) == ["上年结转资金", "0", "0", "0", "—", "", "—"]  # no rate of 0 ÷ 0
    assert _texts(body[3]) == ["其他资金", "", "", "", "—", "", "—"]  # not given: empty


def test_goal_block_has_expected_and_actual_side_by_side() -> None:
    layout = selfeval_layout(sample_form())
    at = next(i for i, row in enumerate(layout.rows) if row[0].text == "年\n度\n总\n体\n目\n标")
    assert _texts(layout.rows[at])[1:] == ["预期目标", "实际完成情况"]
    assert _texts(layout.rows[at + 1]) == [
        "目标1：优化事业单位机构设置。",
        "完成事业单位优化整合。",
    ]
    assert layout.rows[at][0].row_span == 2


def test_indicator_block_merges_level1_and_level2_and_shows_class_weights() -> None:
    layout = selfeval_layout(sample_form())
    header = layout.rows[layout.indicator_header_row]
    assert _texts(header)[1:] == list(INDICATOR_COLUMNS)
    assert header[0].row_span == 1 + 5  # 绩效指标 down the header and five rows
    first = layout.rows[layout.indicator_header_row + 1]
    assert (first[0].text, first[0].row_span) == ("产出指标（50分）", 3)  # 20 + 15 + 15
    assert (first[1].text, first[1].row_span) == ("数量指标", 2)
    assert _texts(first)[2:] == ["培训次数", "≥4次", "4", "20", "20.00", ""]
    second = layout.rows[layout.indicator_header_row + 2]
    assert _texts(second) == ["督查次数", "≥5次", "4", "15", "12.00", "人手不足，下年增加"]
    benefit = layout.rows[layout.indicator_header_row + 4]
    assert benefit[0].text == "效益指标（30分）"


def test_total_row_is_100_and_the_total_and_the_grade_is_a_note() -> None:
    layout = selfeval_layout(sample_form())
    total = layout.rows[-1]
    assert _texts(total) == ["总分", "100", "95.60", ""]
    assert total[0].col_span == 6
    assert layout.notes[0] == "总分 95.60，自评等级：优。"
    assert layout.notes[1] == "预算执行率低于90%的原因：部分事项延至次年。"


def test_every_row_covers_the_grid_exactly_once() -> None:
    layout = selfeval_layout(sample_form(example=True))
    check_grid(layout.rows)  # raises otherwise
    broken = [list(row) for row in layout.rows]
    broken[-1] = broken[-1][:-1]  # drop the last cell: a hole in the last row
    with pytest.raises(ValueError, match="covered"):
        check_grid(broken)


def test_unknown_funding_line_is_refused() -> None:
    form = replace(sample_form(), funding=(FundingLine("财政专户管理资金", 1.0, 1.0, 1.0),))
    with pytest.raises(ValueError, match="财政专户管理资金"):
        selfeval_layout(form)


def test_number_texts() -> None:
    assert score_text(9.7) == "9.70" and score_text(None) == ""
    assert rate_text(0.4517) == "45.17%" and rate_text(None) == ""
    assert class_weights(sample_form().indicators) == {
        "产出指标": 50.0,
        "效益指标": 30.0,
        "满意度指标": 10.0,
    }
