"""The Excel reader: merged ranges, several forms per sheet or per workbook, cell values."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from builders import rewrite_zip_member, write_xlsx, xlsx_from_document
from openpyxl import Workbook
from same_content import assert_same_content

from kpi_analysis import load
from kpi_analysis.readers import read_document
from kpi_analysis.readers.grid import Paragraph, Table
from kpi_analysis.readers.text import read_text
from kpi_analysis.readers.xlsx import cell_text, number_text, read_xlsx


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


# --------------------------------------------------------------------------- cell values
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (90, "90"),
        (90.0, "90"),
        (1346.0088, "1346.0088"),
        (0.1 + 0.2, "0.3"),  # Excel shows 15 significant digits
        (-2.5, "-2.5"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.datetime(2021, 1, 1), "2021-01-01"),
        (dt.datetime(2021, 1, 1, 8, 30), "2021-01-01 08:30:00"),
        (dt.date(2023, 12, 31), "2023-12-31"),
        ("实时\r\n维护", "实时\n维护"),
        ("实时_x000D_\n维护", "实时\n维护"),
        ("保留_x005F_x0041_原文", "保留_x0041_原文"),
        ("#N/A", "#N/A"),
        (None, ""),
    ],
)
def test_cell_text(value, expected) -> None:
    assert cell_text(value) == expected


def test_percent_formatted_numbers_are_percentages() -> None:
    assert cell_text(0.95, "0%") == "95%"
    assert cell_text(0.955, "0.00%") == "95.5%"
    assert cell_text(1, "0%") == "100%"
    assert cell_text(95, '0"%"') == "95"  # a literal % sign in quotes is not a percentage


def test_number_text_has_no_trailing_zero() -> None:
    assert number_text(30.0) == "30" and number_text(7) == "7" and number_text(0.5) == "0.5"


# --------------------------------------------------------------------------- a real form
def write_form(sheet, top: int, *, amount: object = 250, name: str = "农村道路养护") -> int:
    """Write an annual 绩效目标表 with merged cells from row ``top``; return the next row."""

    def put(row: int, col: int, value: object, to_row: int = 0, to_col: int = 0) -> None:
        sheet.cell(row=top + row - 1, column=col, value=value)
        if to_row or to_col:
            sheet.merge_cells(
                start_row=top + row - 1,
                start_column=col,
                end_row=top + (to_row or row) - 1,
                end_column=to_col or col,
            )

    put(1, 1, "项目支出绩效目标表", to_col=7)
    put(2, 1, "（2022年度）", to_col=7)
    put(3, 1, "项目名称")
    put(3, 2, name, to_col=7)
    put(4, 1, "主管部门")
    put(4, 2, "某县交通局", to_col=3)
    put(4, 4, "实施单位")
    put(4, 5, "某县公路中心", to_col=7)
    put(5, 1, "项目属性")
    put(5, 2, "☑延续项目 □新增项目", to_col=3)
    put(5, 4, "项目期")
    put(5, 5, "一年", to_col=7)
    put(6, 1, "项目资金\n（万元）", to_row=8)
    put(6, 2, "年度资金总额：", to_col=3)
    put(6, 4, amount, to_col=7)
    put(7, 2, "其中：财政拨款", to_col=3)
    put(7, 4, amount, to_col=7)
    put(8, 2, "其他资金", to_col=3)
    put(8, 4, 0, to_col=7)
    put(9, 1, "年度\n总体\n目标", to_row=10)
    put(9, 2, "年度目标", to_col=7)
    put(10, 2, "目标1：完成道路养护", to_col=7)
    put(11, 1, "绩\n效\n指\n标", to_row=15)
    put(11, 2, "一级指标")
    put(11, 3, "二级指标")
    put(11, 4, "三级指标", to_col=5)
    put(11, 6, "指标值")
    put(11, 7, "绩效标准")
    put(12, 2, "产\n出\n指\n标", to_row=14)
    put(12, 3, "数量指标", to_row=13)
    put(12, 4, "指标1：养护里程", to_col=5)
    put(12, 6, "≥120公里")
    put(13, 4, "指标2：养护\n道路条数", to_col=5)
    put(13, 6, "12条")
    put(14, 3, "时效指标")
    put(14, 4, "指标1：完成时间", to_col=5)
    put(14, 6, "实时\n维护")
    put(15, 2, "满意度指标")
    put(15, 3, "服务对象\n满意度指标")
    put(15, 4, "指标1：群众满意度", to_col=5)
    put(15, 6, 0.9)
    sheet.cell(row=top + 14, column=6).number_format = "0%"
    return top + 15


@pytest.fixture(scope="module")
def form_xlsx(tmp_path_factory) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "目标表"
    sheet["A1"] = "1.“农村道路养护”项目。"
    sheet["A2"] = "（5）年度预算安排：250万元。"
    write_form(sheet, 4)
    path = tmp_path_factory.mktemp("x") / "form.xlsx"
    workbook.save(path)
    return path


def test_merged_ranges_follow_the_grid_convention(form_xlsx) -> None:
    doc = read_xlsx(form_xlsx)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Table"]
    table = doc.tables[0]
    title = table.rows[0][0]
    assert (title.text, title.col_span, title.row_span) == ("项目支出绩效目标表", 7, 1)
    assert len(table.rows[0]) == 1  # cells covered in the same row are omitted
    funding = table.rows[5]
    assert [c.text for c in funding] == ["项目资金\n（万元）", "年度资金总额：", "250"]
    assert (funding[0].row_span, funding[1].col_span, funding[2].col_span) == (3, 2, 4)
    below = table.rows[6][0]
    assert below.continued and below.text == "" and below.col_span == 1
    indicators = table.rows[11]  # row 15 of the sheet
    assert texts(table)[11] == ["", "产\n出\n指\n标", "数量指标", "指标1：养护里程", "≥120公里", ""]
    assert indicators[0].continued and indicators[3].col_span == 2
    assert table.rows[12][1].continued and table.rows[12][2].continued


def test_sources_name_sheet_and_cell(form_xlsx) -> None:
    doc = read_xlsx(form_xlsx)
    heading = doc.blocks[0]
    assert isinstance(heading, Paragraph)
    assert str(heading.source) == "form.xlsx#sheet=目标表,cell=A1,row=1,col=1"
    value = doc.tables[0].rows[5][2]
    assert str(value.source) == "form.xlsx#sheet=目标表,cell=D9,table=1,row=9,col=4"


def test_an_excel_form_loads_to_tidy_tables(form_xlsx) -> None:
    ds = load(form_xlsx)
    project = ds.projects.iloc[0]
    assert (project["project_no"], project["project"]) == (1, "农村道路养护")
    assert project["annual_budget_wan"] == 250
    assert project["attribute"] == "延续项目"
    funding = ds.funding.set_index("category")["amount_wan"]
    assert funding.to_dict() == {"total": 250, "fiscal": 250, "other": 0}
    assert (
        ds.funding.set_index("category")
        .loc["total", "source"]
        .endswith("cell=D9,table=1,row=9,col=4")
    )
    ind = ds.indicators
    assert ind["indicator"].tolist() == ["养护里程", "养护道路条数", "完成时间", "群众满意度"]
    assert ind["level1"].tolist() == ["产出指标"] * 3 + ["满意度指标"]
    assert ind["target"].tolist() == ["≥120公里", "12条", "实时维护", "90%"]
    assert ind.iloc[3]["value"] == 90 and ind.iloc[3]["unit"] == "%"
    doc = read_document(form_xlsx)
    accounted = set(ds.cells["source"])
    assert all(str(c.source) in accounted for c in doc.non_empty_cells())


def test_numbers_stored_as_text_or_as_numbers_read_the_same(tmp_path) -> None:
    results = []
    for amount in (1346.0088, "1346.0088"):
        workbook = Workbook()
        write_form(workbook.active, 1, amount=amount)
        path = tmp_path / f"amount_{type(amount).__name__}.xlsx"
        workbook.save(path)
        results.append(load(path).funding.set_index("category")["amount_wan"].to_dict())
    assert results[0] == results[1] == {"total": 1346.0088, "fiscal": 1346.0088, "other": 0}


# --------------------------------------------------------------------------- several forms
def test_two_forms_on_one_sheet_split_at_the_title_row(tmp_path) -> None:
    workbook = Workbook()
    next_row = write_form(workbook.active, 1, name="项目甲")
    write_form(workbook.active, next_row, name="项目乙")  # no blank row in between
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    doc = read_xlsx(path)
    assert [t.index for t in doc.tables] == [1, 2]
    assert doc.tables[1].rows[0][0].source.address == "A16"
    ds = load(path)
    assert ds.projects["project"].tolist() == ["项目甲", "项目乙"]
    assert ds.indicators.groupby("project").size().to_dict() == {"项目甲": 4, "项目乙": 4}


def test_two_blank_rows_end_a_table_one_blank_row_does_not(tmp_path) -> None:
    rows = [
        ["项目名称", "甲"],
        [None, None],
        ["主管部门", "乙"],
        [None],
        [None],
        ["备注：单独的说明"],
        ["其他表", "x"],
    ]
    doc = read_xlsx(write_xlsx({"S": rows}, tmp_path / "blank.xlsx"))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Table", "Paragraph", "Table"]
    assert texts(doc.tables[0]) == [["项目名称", "甲"], ["", ""], ["主管部门", "乙"]]
    assert doc.blocks[1].text == "备注：单独的说明"
    assert texts(doc.tables[1]) == [["其他表", "x"]]


def test_forms_on_two_sheets_hidden_sheet_included(tmp_path) -> None:
    workbook = Workbook()
    write_form(workbook.active, 3, name="项目甲")
    second = workbook.create_sheet("第二张")
    write_form(second, 1, name="项目乙")
    second.sheet_state = "hidden"
    path = tmp_path / "sheets.xlsx"
    workbook.save(path)
    doc = read_xlsx(path)
    assert [(t.index, t.rows[0][0].source.sheet) for t in doc.tables] == [
        (1, "Sheet"),
        (2, "第二张"),
    ]
    ds = load(path)
    assert ds.projects["project"].tolist() == ["项目甲", "项目乙"]
    assert ds.indicators["source"].str.contains("sheet=第二张").sum() == 4


# --------------------------------------------------------------------------- formulas
def _formula_workbook(tmp_path: Path) -> Path:
    workbook = Workbook()
    write_form(workbook.active, 1)
    workbook.active["D6"] = "=D7+D8"
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    return path


def test_a_formula_without_cached_value_reads_as_empty(tmp_path) -> None:
    # openpyxl writes formulas without the value Excel would cache
    path = _formula_workbook(tmp_path)
    assert read_xlsx(path).tables[0].rows[5][2].text == ""
    ds = load(path)
    assert "total" not in set(ds.funding["category"])
    assert "funding_missing" in set(ds.findings["code"])


def test_a_formula_reads_as_its_cached_value(tmp_path) -> None:
    path = _formula_workbook(tmp_path)
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<f>D7+D8</f><v></v>" in sheet_xml or b"<f>D7+D8</f><v/>" in sheet_xml
    cached = sheet_xml.replace(b"<f>D7+D8</f><v></v>", b"<f>D7+D8</f><v>250</v>").replace(
        b"<f>D7+D8</f><v/>", b"<f>D7+D8</f><v>250</v>"
    )
    saved = rewrite_zip_member(path, "xl/worksheets/sheet1.xml", cached, tmp_path / "cached.xlsx")
    assert read_xlsx(saved).tables[0].rows[5][2].text == "250"
    assert load(saved).funding.set_index("category").loc["total", "amount_wan"] == 250


# --------------------------------------------------------------------------- acceptance
@pytest.fixture(scope="module")
def text_dataset(source_path):
    return load(source_path)


@pytest.mark.parametrize(
    "options",
    [{}, {"merge_labels": True}, {"merge_labels": True, "sheet_per_table": True}],
    ids=["one-cell-per-cell", "merged-ranges", "sheet-per-form"],
)
def test_source_document_as_excel_loads_like_its_text_export(
    source_path, text_dataset, tmp_path, options
) -> None:
    path = xlsx_from_document(read_text(source_path), tmp_path / "source.xlsx", **options)
    ds = load(path)
    assert len(ds.projects) == 5 and len(ds.indicators) == 110
    assert_same_content(ds, text_dataset)
    pattern = r"source\.xlsx#sheet=表\d,cell=[A-J]\d+,table=[1-5],row=\d+,col=\d+$"
    for name in ("funding", "goals", "indicators"):
        assert getattr(ds, name)["source"].str.match(pattern).all()
    sheets = ds.projects["source"].str.extract(r"sheet=(表\d)")[0].tolist()
    assert sheets == (
        ["表1", "表2", "表3", "表4", "表5"] if options.get("sheet_per_table") else ["表1"] * 5
    )


def test_merges_and_styles_far_beyond_the_text_do_not_widen_the_table(tmp_path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "项目支出绩效目标表"
    sheet.merge_cells("A1:XFD1")  # a title merged across the whole sheet
    sheet["A2"], sheet["B2"] = "项目名称", "甲"
    sheet.cell(row=60000, column=300).number_format = "0.00"  # styled but empty
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    table = read_xlsx(path).tables[0]
    assert texts(table) == [["项目支出绩效目标表"], ["项目名称", "甲"]]
    assert table.rows[0][0].col_span == 2
