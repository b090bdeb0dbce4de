"""The Excel writer: merged ranges, borders, widths, print settings — checked with openpyxl."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from kpi_analysis import load
from kpi_analysis.outputs.writers import write_target_forms_xlsx
from kpi_analysis.outputs.writers.layout import FormLayout
from kpi_analysis.outputs.writers.xlsx_form import line_count, sheet_name
from kpi_analysis.tables import schema


@pytest.fixture(scope="module")
def workbook(source_path: Path, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "forms.xlsx"
    write_target_forms_xlsx(load(source_path), path)
    return load_workbook(path)


def _find(sheet, text: str):
    return next(c for row in sheet.iter_rows() for c in row if c.value == text)


def test_one_sheet_per_project_with_the_narrative_above_the_form(workbook) -> None:
    assert len(workbook.sheetnames) == 5
    assert workbook.sheetnames[0] == "1.机构编制管理及编制周转池改革工作"
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "1.“机构编制管理及编制周转池改革工作”项目。"
    assert sheet["A7"].value == "（6）绩效目标和指标：详见下表。"
    assert "A1:J1" in {str(r) for r in sheet.merged_cells.ranges}


def test_merged_ranges_follow_the_standard_form(workbook) -> None:
    sheet = workbook.worksheets[0]
    ranges = {str(r) for r in sheet.merged_cells.ranges}
    title = _find(sheet, "项目支出绩效目标表")
    r = title.row
    assert f"A{r}:J{r}" in ranges  # title across the form
    assert f"A{r + 2}:B{r + 2}" in ranges and f"C{r + 2}:J{r + 2}" in ranges  # 项目名称 | name
    funding = _find(sheet, "项目资金\n（万元）")
    assert f"A{funding.row}:B{funding.row + 2}" in ranges  # over the three funding rows
    header = _find(sheet, "绩\n效\n指\n标")
    assert f"A{header.row}:A{sheet.max_row}" in ranges  # down the whole indicator block
    level1 = _find(sheet, "产\n出\n指\n标")
    assert f"B{level1.row}:B{level1.row + 5}" in ranges  # 6 output rows in project 1


def test_amounts_are_numbers_and_text_stays_text(workbook) -> None:
    sheet = workbook.worksheets[0]
    label = _find(sheet, "中期资金总额：")
    amount = sheet.cell(label.row, label.column + 2)
    assert amount.value == 90 and amount.data_type == "n"
    assert _find(sheet, "□新增项目 ■延续项目").data_type == "s"


def test_formula_like_text_is_stored_as_text(tmp_path: Path, source_path: Path) -> None:
    data = load(source_path)
    projects = data.projects.copy()
    projects.loc[0, "department"] = '=HYPERLINK("http://x")'
    path = tmp_path / "f.xlsx"
    write_target_forms_xlsx({**data.tables(), "projects": projects}, path)
    cell = _find(load_workbook(path).worksheets[0], '=HYPERLINK("http://x")')
    assert cell.data_type == "s"
    back = load(path)
    assert back.projects.loc[0, "department"] == '=HYPERLINK("http://x")'


def test_borders_wrap_and_widths(workbook) -> None:
    sheet = workbook.worksheets[0]
    funding = _find(sheet, "项目资金\n（万元）")
    # the edge cells of a merged range carry its border, so the outline is complete
    top, bottom = funding.row, funding.row + 2
    for row in range(top, bottom + 1):
        assert sheet.cell(row, 1).border.left.style == "thin"
        assert sheet.cell(row, 2).border.right.style == "thin"
    for col in (1, 2):
        assert sheet.cell(top, col).border.top.style == "thin"
        assert sheet.cell(bottom, col).border.bottom.style == "thin"
    assert funding.alignment.wrap_text
    widths = [sheet.column_dimensions[c].width for c in "ABCDEFGHIJ"]
    assert widths[3] > widths[2] > widths[0]  # 三级指标 > 二级指标 > 绩效指标
    goals = _find(sheet, "总\n体\n目\n标")
    assert sheet.row_dimensions[goals.row + 1].height > sheet.row_dimensions[goals.row].height


def test_print_settings(workbook) -> None:
    sheet = workbook.worksheets[0]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    header = _find(sheet, "绩\n效\n指\n标").row
    assert sheet.print_title_rows == f"${header}:${header}"  # indicator header on every page
    assert sheet.print_area.endswith(f"$A$1:$J${sheet.max_row}")


def test_sheet_names_are_valid_and_unique() -> None:
    used: set[str] = set()
    long_name = "关于/加强[机构]编制:管理?的*项目" * 3
    first = sheet_name(FormLayout(project_no=1, project=long_name), used)
    second = sheet_name(FormLayout(project_no=1, project=long_name), used)
    for name in (first, second):
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert first != second


def test_row_height_estimate_counts_wide_characters_twice() -> None:
    assert line_count("一二三四五", 11) == 1  # 10 units in a width of 11 (one unit of padding)
    assert line_count("一二三四五六", 11) == 2
    assert line_count("a\nb", 11) == 2


def test_projects_without_indicators_or_funding_still_form_a_table(tmp_path: Path) -> None:
    projects = pd.DataFrame({"source": ["x"], "project_no": [7], "project": ["只有名称"]}).reindex(
        columns=schema.PROJECTS.names
    )
    path = tmp_path / "bare.xlsx"
    write_target_forms_xlsx({"projects": projects}, path)
    back = load(path)
    assert back.projects["project"].tolist() == ["只有名称"]
    assert back.projects["project_no"].tolist() == [7]
    assert back.indicators.empty and back.funding.empty
