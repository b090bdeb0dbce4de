"""The Excel 自评表: read back with openpyxl — merged ranges, numbers, totals, title, notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from selfeval_examples import EXECUTION_SCORE, TOTAL, sample_form

from kpi_analysis.outputs.writers.selfeval_layout import EXAMPLE_NOTICE
from kpi_analysis.outputs.writers.selfeval_xlsx import write_selfeval_xlsx


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    path = tmp_path_factory.mktemp("selfeval_xlsx") / "form.xlsx"
    write_selfeval_xlsx(sample_form(example=True), path)
    return load_workbook(path).worksheets[0]


def _find(sheet, text: str):
    return next(c for row in sheet.iter_rows() for c in row if c.value == text)


def _ranges(sheet) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def test_title_notice_and_sheet_name(sheet) -> None:
    assert sheet.title == "4.深化事业单位改革"
    assert sheet["A1"].value == f"项目支出绩效自评表（2021年度）\n{EXAMPLE_NOTICE}"
    assert "A1:I1" in _ranges(sheet)
    assert sheet.page_setup.orientation == "landscape"


def test_merged_ranges_follow_the_standard_form(sheet) -> None:
    ranges = _ranges(sheet)
    r = _find(sheet, "项目名称").row
    assert f"A{r}:B{r}" in ranges and f"C{r}:I{r}" in ranges
    funding = _find(sheet, "项目资金\n（万元）").row
    assert f"A{funding}:A{funding + 4}" in ranges  # down the header and four funding rows
    assert f"B{funding + 1}:C{funding + 1}" in ranges  # 年度资金总额 over two columns
    header = _find(sheet, "绩\n效\n指\n标").row
    assert f"A{header}:A{header + 5}" in ranges
    assert f"B{header + 1}:B{header + 3}" in ranges  # 产出指标 over its three rows
    assert f"C{header + 1}:C{header + 2}" in ranges  # 数量指标 over two rows
    total = _find(sheet, "总分").row
    assert f"A{total}:F{total}" in ranges
    assert sheet.print_title_rows == f"${header}:${header}"  # repeated on every printed page


def test_numbers_are_numbers_with_formats(sheet) -> None:
    row = _find(sheet, "年度资金总额").row
    assert [sheet.cell(row, c).value for c in range(4, 10)] == [10, 10, 8.6, 10, 0.86, 8.6]
    assert sheet.cell(row, 8).number_format == "0.00%"
    assert sheet.cell(row, 9).number_format == "0.00"
    other = _find(sheet, "其中：当年财政拨款").row
    assert sheet.cell(other, 7).value == "—" and sheet.cell(other, 9).value == "—"


def test_total_equals_execution_score_plus_the_indicator_scores(sheet) -> None:
    header = _find(sheet, "绩\n效\n指\n标").row
    total = _find(sheet, "总分").row
    weights = [sheet.cell(r, 7).value for r in range(header + 1, total)]
    scores = [sheet.cell(r, 8).value for r in range(header + 1, total)]
    assert sum(weights) == 90  # 100 − 预算执行率 10
    execution = sheet.cell(_find(sheet, "年度资金总额").row, 9).value
    assert execution == EXECUTION_SCORE
    assert sheet.cell(total, 7).value == 100
    assert sheet.cell(total, 8).value == pytest.approx(execution + sum(scores))
    assert sheet.cell(total, 8).value == TOTAL


def test_notes_below_the_form(sheet) -> None:
    total = _find(sheet, "总分").row
    assert sheet.cell(total + 2, 1).value == "说明："
    assert sheet.cell(total + 3, 1).value.startswith(EXAMPLE_NOTICE)
    assert sheet.cell(total + 4, 1).value == "总分 95.60，自评等级：优。"
    assert sheet.cell(total + 5, 1).value == "预算执行率低于90%的原因：部分事项延至次年。"
    assert sheet.print_area == f"'{sheet.title}'!$A$1:$I${total + 5}"


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    path = write_selfeval_xlsx(sample_form(project="=SUM(A1)"), tmp_path / "f.xlsx")
    cell = _find(load_workbook(path).worksheets[0], "=SUM(A1)")
    assert cell.data_type == "s"


def test_without_example_there_is_no_notice(tmp_path: Path) -> None:
    path = write_selfeval_xlsx(sample_form(), tmp_path / "plain.xlsx")
    sheet = load_workbook(path).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(EXAMPLE_NOTICE in v for v in values)
    assert sheet["A2"].value == "项目名称"
