"""The actuals workbook: prefilled from the targets, locked except input cells, validated."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from kpi_analysis import load
from kpi_analysis.outputs.actuals_template import write_actuals_template
from kpi_analysis.tables.actuals import is_actuals_workbook
from kpi_analysis.tables.actuals_layout import (
    FUNDING_COLUMNS,
    INDICATOR_COLUMNS,
    SHEET_FUNDING,
    SHEET_INDICATORS,
    SHEET_META,
    SHEET_README,
)
from kpi_analysis.tables.targets import Dataset
from kpi_analysis.tables.year_targets import targets_for_years

YEARS = (2021, 2022, 2023)
# non-blank indicator rows per project in the source document (blank 成本/效益 template rows
# of projects 2, 3 and 5 are left out): 15 + 7 + 8 + 10 + 6
ROWS_PER_YEAR = 46


@pytest.fixture(scope="module")
def ds(source_path: Path) -> Dataset:
    return load(source_path)


@pytest.fixture(scope="module")
def workbook(ds: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "actuals.xlsx"
    write_actuals_template(ds, YEARS, path)
    return path


def _headers(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def test_targets_for_years_fall_back_to_mid_term(ds: Dataset) -> None:
    targets = targets_for_years(ds.indicators, ds.projects, YEARS)
    assert len(targets) == 3 * ROWS_PER_YEAR
    periods = targets.groupby("year")["target_period"].unique().map(list).to_dict()
    assert periods == {2021: ["annual"], 2022: ["mid_term"], 2023: ["mid_term"]}
    # project 2's training: annual 2021 "不少于1次", mid-term "不少于3次"
    training = targets[targets["indicator"] == "实名制系统培训"].set_index("year")["target"]
    assert training.to_dict() == {2021: "不少于1次", 2022: "不少于3次", 2023: "不少于3次"}
    assert targets_for_years(ds.indicators, ds.projects, [2030]).empty


def test_sheets_and_instructions(workbook: Path, ds: Dataset) -> None:
    book = load_workbook(workbook)
    assert book.sheetnames == [SHEET_README, SHEET_INDICATORS, SHEET_FUNDING, SHEET_META]
    assert book.sheetnames[0] == "说明"
    assert book[SHEET_META].sheet_state == "hidden"
    text = "\n".join(str(c.value) for c in book[SHEET_README]["A"] if c.value)
    assert "实际完成值" in text and "分值/权重" in text and "偏差原因分析" in text
    assert "合计应为 90" in text
    assert "中期目标" in text and "2022 年" in text and "2023 年" in text
    assert is_actuals_workbook(workbook)


def test_one_row_per_project_indicator_year(workbook: Path) -> None:
    sheet = load_workbook(workbook)[SHEET_INDICATORS]
    head = _headers(sheet)
    for column in INDICATOR_COLUMNS:
        assert column.header in head
    assert sheet.max_row == 1 + 3 * ROWS_PER_YEAR
    periods = {}
    for r in range(2, sheet.max_row + 1):
        year = sheet.cell(row=r, column=head["年度"]).value
        periods.setdefault(year, set()).add(sheet.cell(row=r, column=head["目标来源"]).value)
    assert periods == {2021: {"年度目标"}, 2022: {"中期目标"}, 2023: {"中期目标"}}


def test_key_columns_locked_and_input_columns_open(workbook: Path) -> None:
    book = load_workbook(workbook)
    for name, columns in ((SHEET_INDICATORS, INDICATOR_COLUMNS), (SHEET_FUNDING, FUNDING_COLUMNS)):
        sheet = book[name]
        assert sheet.protection.sheet is True
        assert not sheet.protection.password  # no password
        head = _headers(sheet)
        for column in columns:
            cell = sheet.cell(row=2, column=head[column.header])
            assert cell.protection.locked is (not column.editable), column.header
    editable = {c.header for c in INDICATOR_COLUMNS if c.editable}
    assert editable == {"实际完成值", "分值/权重", "偏差原因分析", "自评得分（可选）"}


def test_number_cells_are_validated(workbook: Path) -> None:
    book = load_workbook(workbook)
    sheet = book[SHEET_INDICATORS]
    head = _headers(sheet)
    weight = sheet.cell(row=2, column=head["分值/权重"]).coordinate
    decimal = [v for v in sheet.data_validations.dataValidation if v.type == "decimal"]
    assert decimal and all(
        v.operator == "greaterThanOrEqual" and v.formula1 == "0" for v in decimal
    )
    assert any(weight in v.sqref for v in decimal)
    # 实际完成值: a number check on quantitative rows only, a band list elsewhere
    actual_col = head["实际完成值"]
    kinds = {
        r: sheet.cell(row=r, column=head["指标值类型"]).value for r in range(2, sheet.max_row + 1)
    }
    numeric = next(r for r, k in kinds.items() if k == "定量")
    textual = next(r for r, k in kinds.items() if k == "定性")
    numeric_cell = sheet.cell(row=numeric, column=actual_col).coordinate
    textual_cell = sheet.cell(row=textual, column=actual_col).coordinate
    assert any(numeric_cell in v.sqref for v in decimal)
    assert not any(textual_cell in v.sqref for v in decimal)
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert any(textual_cell in v.sqref for v in lists)
    assert "达成年度指标" in lists[0].formula1
    funding = book[SHEET_FUNDING]
    fhead = _headers(funding)
    executed = funding.cell(row=2, column=fhead["全年执行数（万元）"]).coordinate
    assert any(
        executed in v.sqref and v.type == "decimal" for v in funding.data_validations.dataValidation
    )


def test_funding_sheet_prefilled_where_the_document_says(workbook: Path) -> None:
    sheet = load_workbook(workbook)[SHEET_FUNDING]
    head = _headers(sheet)
    rows = {
        (
            sheet.cell(row=r, column=head["项目序号"]).value,
            sheet.cell(row=r, column=head["年度"]).value,
        ): r
        for r in range(2, sheet.max_row + 1)
    }
    assert len(rows) == 15  # 5 projects × 3 years
    initial = head["年初预算数（万元）"]
    # 2021: the annual budget of the document (30, 11, 20, 10, 9 万元); no document for 2022
    assert [sheet.cell(row=rows[(n, 2021)], column=initial).value for n in range(1, 6)] == [
        30,
        11,
        20,
        10,
        9,
    ]
    assert sheet.cell(row=rows[(1, 2022)], column=initial).value is None
    assert sheet.cell(row=rows[(1, 2022)], column=head["中期资金总额（万元）"]).value == 90
    rate = sheet.cell(row=2, column=head["执行率（自动计算）"]).value
    assert rate.startswith("=IF(")


def test_notice_on_first_sheet(ds: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "example.xlsx"
    write_actuals_template(ds, [2021], path, notice="示例数据（虚构）")
    first = load_workbook(path).worksheets[0]
    assert first["A2"].value == "示例数据（虚构）"
    assert first["A2"].font.color.rgb.endswith("C00000")


def test_summary_and_atomic_write(ds: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.xlsx"
    summary = write_actuals_template(ds, [2021, 2024], path)
    assert summary.indicator_rows == ROWS_PER_YEAR
    assert summary.years == (2021, 2024)
    # 2024 lies outside both the annual (2021) and the mid-term (2021–2023) targets
    assert len(summary.without_targets) == 5 and {y for _, y in summary.without_targets} == {2024}
    assert [p.name for p in path.parent.iterdir()] == ["a.xlsx"]  # no staging file left


def test_is_actuals_workbook_rejects_other_files(tmp_path: Path, source_path: Path) -> None:
    assert not is_actuals_workbook(source_path)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    assert not is_actuals_workbook(fake)
    assert not is_actuals_workbook(tmp_path / "missing.xlsx")


def test_a_later_document_supplies_its_own_annual_targets(ds: Dataset) -> None:
    # a 2022 target document (simulated from 2021's annual table) beside the 2021 one
    annual = ds.indicators[ds.indicators["period"] == "annual"]
    later = annual.assign(
        year_start=2022,
        year_end=2022,
        source="doc2022.txt#table=1",
        target=annual["target"].where(annual["indicator"] != "实名制系统培训", "不少于2次"),
    )
    indicators = pd.concat([ds.indicators, later], ignore_index=True)
    projects = pd.concat(
        [ds.projects, ds.projects.assign(source="doc2022.txt#table=1")], ignore_index=True
    )
    targets = targets_for_years(indicators, projects, YEARS)
    periods = targets.groupby("year")["target_period"].unique().map(list).to_dict()
    assert periods == {2021: ["annual"], 2022: ["annual"], 2023: ["mid_term"]}
    training = targets[targets["indicator"] == "实名制系统培训"].set_index("year")["target"]
    assert training.to_dict() == {2021: "不少于1次", 2022: "不少于2次", 2023: "不少于3次"}
    assert sorted(set(targets["project_no"])) == [1, 2, 3, 4, 5]  # same projects, same numbers
