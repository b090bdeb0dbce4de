"""The actuals workbook round-trips, and bad cells become findings naming sheet and cell."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from kpi_analysis import load
from kpi_analysis.analysis.scoring import score_execution, score_indicators
from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.outputs.actuals_template import write_actuals_template
from kpi_analysis.tables import schema
from kpi_analysis.tables.actuals import (
    ACTUAL_FUNDING,
    ACTUAL_INDICATORS,
    load_actuals,
)
from kpi_analysis.tables.actuals_layout import SHEET_FUNDING, SHEET_INDICATORS, SHEET_META


@pytest.fixture(scope="module")
def blank(source_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "actuals.xlsx"
    write_actuals_template(load(source_path), [2021, 2022, 2023], path)
    return path


@pytest.fixture
def book_path(blank: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "filled.xlsx"
    copy.write_bytes(blank.read_bytes())
    return copy


def _head(sheet) -> dict[str, str]:
    return {cell.value: cell.column_letter for cell in sheet[1]}


def _row(sheet, project_no: int, year: int, indicator: str | None = None) -> int:
    head = _head(sheet)
    for r in range(2, sheet.max_row + 1):
        if (
            sheet[f"{head['项目序号']}{r}"].value == project_no
            and sheet[f"{head['年度']}{r}"].value == year
            and (indicator is None or sheet[f"{head['三级指标']}{r}"].value == indicator)
        ):
            return r
    raise LookupError((project_no, year, indicator))


def _codes(findings: pd.DataFrame) -> list[str]:
    return findings["code"].tolist()


def test_blank_template_reads_clean(blank: Path) -> None:
    actuals = load_actuals(blank)
    ACTUAL_INDICATORS.validate(actuals.indicators_actuals)
    ACTUAL_FUNDING.validate(actuals.funding_actuals)
    schema.FINDINGS.validate(actuals.findings)
    assert actuals.findings.empty
    assert len(actuals.indicators_actuals) == 138 and len(actuals.funding_actuals) == 15
    assert actuals.years == (2021, 2022, 2023)
    assert actuals.execution_weight == 10
    assert actuals.indicators_actuals["actual"].isna().all()
    # targets come back parsed
    row = actuals.indicators_actuals.query("indicator == '实名制系统培训' and year == 2021").iloc[0]
    assert (row["comparator"], row["value"], row["unit"]) == ("≥", 1.0, "次")
    assert row["target_period"] == "annual"
    assert row["source"].endswith(f"#sheet={SHEET_INDICATORS},cell=M{_row_index(blank, 2, 2021)}")


def _row_index(path: Path, project_no: int, year: int) -> int:
    sheet = load_workbook(path)[SHEET_INDICATORS]
    return _row(sheet, project_no, year, "实名制系统培训")


def test_round_trip(book_path: Path) -> None:
    book = load_workbook(book_path)
    sheet = book[SHEET_INDICATORS]
    head = _head(sheet)
    training = _row(sheet, 2, 2021, "实名制系统培训")
    quality = _row(sheet, 2, 2021, "实名制系统信息维护")
    satisfied = _row(sheet, 2, 2022, "机关单位对实名制网上业务及控编减编工作满意度")
    sheet[f"{head['实际完成值']}{training}"] = 2
    sheet[f"{head['分值/权重']}{training}"] = 12.5
    sheet[f"{head['实际完成值']}{quality}"] = "基本完成"
    sheet[f"{head['偏差原因分析']}{quality}"] = "系统升级期间暂停维护"
    sheet[f"{head['自评得分（可选）']}{quality}"] = 10
    sheet[f"{head['实际完成值']}{satisfied}"] = 0.96
    sheet[f"{head['实际完成值']}{satisfied}"].number_format = "0%"  # typed "96%" in Excel
    funding = book[SHEET_FUNDING]
    fhead = _head(funding)
    r = _row(funding, 2, 2021)
    funding[f"{fhead['全年预算数（万元）']}{r}"] = 11
    funding[f"{fhead['全年执行数（万元）']}{r}"] = 9.35
    funding[f"{fhead['执行率低于90%的原因说明']}{r}"] = "督查改为线上"
    book.save(book_path)

    actuals = load_actuals(book_path)
    ind = actuals.indicators_actuals.set_index(["year", "indicator"])
    got = ind.loc[(2021, "实名制系统培训")]
    assert (got["actual"], got["actual_value"], got["weight"]) == ("2", 2.0, 12.5)
    got = ind.loc[(2021, "实名制系统信息维护")]
    assert got["actual"] == "基本完成" and pd.isna(got["actual_value"])
    assert got["reason"] == "系统升级期间暂停维护" and got["published_score"] == 10
    got = ind.loc[(2022, "机关单位对实名制网上业务及控编减编工作满意度")]
    assert got["actual_value"] == 96.0 and got["actual"] == "96"
    assert got["target_period"] == "mid_term"
    fund = actuals.funding_actuals.set_index(["project_no", "year"]).loc[(2, 2021)]
    assert (fund["budget_initial"], fund["budget_full"], fund["executed"]) == (11, 11, 9.35)
    assert fund["reason"] == "督查改为线上" and fund["amount_unit"] == "万元"
    # 12.5 is the only weight of project 2 / 2021: partly given, reported, no error
    assert _codes(actuals.findings) == ["weights_partly_given"]

    # and the tables feed the scoring engine directly
    scores = score_indicators(actuals.indicators_actuals).set_index(["year", "indicator"])
    assert scores.loc[(2021, "实名制系统培训"), "score"] == 12.5
    assert "over_achievement" in scores.loc[(2021, "实名制系统培训"), "flags"]
    execution = score_execution(actuals.funding_actuals).set_index(["project_no", "year"])
    assert execution.loc[(2, 2021), "execution_score"] == 8.5  # 9.35 / 11 × 10


def test_bad_cells_are_named_by_sheet_and_cell(book_path: Path) -> None:
    book = load_workbook(book_path)
    sheet = book[SHEET_INDICATORS]
    head = _head(sheet)
    r = _row(sheet, 1, 2021)
    sheet[f"{head['分值/权重']}{r}"] = "八分"  # text in a number cell
    sheet[f"{head['自评得分（可选）']}{r}"] = -3  # negative number
    training = _row(sheet, 2, 2021, "实名制系统培训")
    sheet[f"{head['实际完成值']}{training}"] = "很多次"  # text for a quantitative target
    later = _row(sheet, 5, 2023)
    sheet[f"{head['年度']}{later}"] = 2024  # a year with no targets
    funding = book[SHEET_FUNDING]
    fhead = _head(funding)
    f = _row(funding, 3, 2022)
    funding[f"{fhead['全年执行数（万元）']}{f}"] = "约18万"
    book.save(book_path)

    findings = load_actuals(book_path).findings.set_index("code")
    weight_cell = f"{head['分值/权重']}{r}"
    text = findings.loc["text_in_number_cell"]
    sources = set(text["source"])
    assert f"filled.xlsx#sheet=绩效指标,cell={weight_cell}" in sources
    assert f"filled.xlsx#sheet=绩效指标,cell={head['实际完成值']}{training}" in sources
    assert f"filled.xlsx#sheet=资金,cell={fhead['全年执行数（万元）']}{f}" in sources
    assert f"单元格 {weight_cell}" in " ".join(text["message"])
    negative = findings.loc["negative_number"]
    assert negative["source"].endswith(f"cell={head['自评得分（可选）']}{r}")
    year = findings.loc["year_without_targets"]
    assert year["source"].endswith(f"sheet=绩效指标,cell={head['年度']}{later}")
    assert "2024 年没有绩效目标" in year["message"] and year["severity"] == "error"


def test_year_rows_without_targets_are_left_out(book_path: Path) -> None:
    book = load_workbook(book_path)
    sheet = book[SHEET_INDICATORS]
    sheet[f"{_head(sheet)['年度']}{_row(sheet, 5, 2023)}"] = 2024
    book.save(book_path)
    actuals = load_actuals(book_path)
    assert len(actuals.indicators_actuals) == 137
    assert 2024 not in set(actuals.indicators_actuals["year"])


def test_weight_sum_that_is_not_100(book_path: Path) -> None:
    book = load_workbook(book_path)
    sheet = book[SHEET_INDICATORS]
    head = _head(sheet)
    rows = [
        r
        for r in range(2, sheet.max_row + 1)
        if sheet[f"{head['项目序号']}{r}"].value == 3 and sheet[f"{head['年度']}{r}"].value == 2021
    ]
    assert len(rows) == 8
    for r, w in zip(rows, [10, 10, 10, 10, 10, 10, 30, 15], strict=True):  # 105 + 10 ≠ 100
        sheet[f"{head['分值/权重']}{r}"] = w
    book.save(book_path)
    findings = load_actuals(book_path).findings
    bad = findings[findings["code"] == "weight_sum_mismatch"].iloc[0]
    col = head["分值/权重"]
    assert bad["source"].endswith(f"sheet=绩效指标,cell={col}{rows[0]}:{col}{rows[-1]}")
    assert "合计 105" in bad["message"] and "应为 100" in bad["message"]
    assert bad["severity"] == "error"


def test_unknown_project_and_duplicate_rows(book_path: Path) -> None:
    book = load_workbook(book_path)
    sheet = book[SHEET_INDICATORS]
    head = _head(sheet)
    sheet[f"{head['项目名称']}{_row(sheet, 4, 2021)}"] = "不存在的项目"
    dup = _row(sheet, 1, 2022)
    for column in head.values():  # copy the row above over this one
        sheet[f"{column}{dup}"] = sheet[f"{column}{dup - 1}"].value
    book.save(book_path)
    actuals = load_actuals(book_path)
    codes = _codes(actuals.findings)
    assert "unknown_project" in codes and "duplicate_row" in codes
    unknown = actuals.findings[actuals.findings["code"] == "unknown_project"].iloc[0]
    assert unknown["source"].endswith(f"cell={head['项目名称']}{_row(sheet, 4, 2021)}")


def test_unreadable_and_foreign_files_do_not_crash(tmp_path: Path, source_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    actuals = load_actuals(broken)
    assert _codes(actuals.findings) == ["file_unreadable"]
    assert actuals.indicators_actuals.empty and actuals.funding_actuals.empty
    with pytest.raises(UnreadableFileError):
        load_actuals(broken, strict=True)
    assert _codes(load_actuals(tmp_path / "missing.xlsx").findings) == ["file_unreadable"]
    assert _codes(load_actuals(source_path).findings) == ["file_unreadable"]


def test_workbook_without_our_sheets(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    book = Workbook()
    book.active.title = SHEET_INDICATORS
    book.active.append(["随便", "什么"])
    book.save(path)
    codes = _codes(load_actuals(path).findings)
    assert codes == ["meta_missing", "header_missing", "sheet_missing"]


def test_headers_found_by_label_not_position(book_path: Path) -> None:
    book = load_workbook(book_path)
    sheet = book[SHEET_INDICATORS]
    sheet.protection.sheet = False
    sheet.move_range("A1:A200", cols=20)  # 项目序号 moved to the far right
    del book[SHEET_META]
    book.save(book_path)
    actuals = load_actuals(book_path)
    assert len(actuals.indicators_actuals) == 138
    assert actuals.indicators_actuals["project_no"].notna().all()
    assert _codes(actuals.findings) == ["meta_missing"]
