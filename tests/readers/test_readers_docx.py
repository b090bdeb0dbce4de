"""The Word reader: body paragraphs and tables from the XML, merged cells once with a span."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from builders import Tc, Tr, WordBuilder, docx_from_document
from docx_xml import xml_grid
from lxml import etree
from same_content import assert_same_content

from kpi_analysis import load
from kpi_analysis.outputs.writers import write_target_forms_docx
from kpi_analysis.readers import read_document
from kpi_analysis.readers.docx import W_BODY, W_TBL, W_TR, _Walker, prepare, read_docx
from kpi_analysis.readers.grid import Cell, Paragraph, Source, Table
from kpi_analysis.readers.text import read_text


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def blocks(path: Path) -> list[object]:
    """The document as ("P", text) and ("T", [[texts]]) in reading order."""
    doc = read_docx(path)
    return [
        ("T", texts(b)) if isinstance(b, Table) else ("P", b.text)
        for b in doc.blocks
        if isinstance(b, Paragraph | Table)
    ]


# --------------------------------------------------------------------------- paragraphs
def test_paragraphs_and_tables_come_in_document_order(tmp_path) -> None:
    path = (
        WordBuilder()
        .paragraph("宿州市委编办2021年项目及绩效目标情况")
        .paragraph("")
        .paragraph("   ")
        .table([["项目名称", "甲"]])
        .paragraph("（1）项目概述：乙")
        .table([["项目名称", "丙"]])
        .save(tmp_path / "order.docx")
    )
    assert blocks(path) == [
        ("P", "宿州市委编办2021年项目及绩效目标情况"),
        ("T", [["项目名称", "甲"]]),
        ("P", "（1）项目概述：乙"),
        ("T", [["项目名称", "丙"]]),
    ]
    doc = read_docx(path)
    assert [t.index for t in doc.tables] == [1, 2]
    # a paragraph's source is its number among the body's paragraphs (empty ones count)
    assert str(doc.blocks[2].source) == "order.docx#line=4"


def test_tabs_and_line_breaks_inside_a_paragraph(tmp_path) -> None:
    path = WordBuilder().paragraph("目标1：甲\t乙\n第二行").save(tmp_path / "p.docx")
    assert blocks(path) == [("P", "目标1：甲\t乙\n第二行")]


def test_tab_stop_definitions_are_not_tab_characters(tmp_path) -> None:
    xml = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>年度目标</w:t></w:r></w:p>"
    )
    path = WordBuilder().xml(xml).save(tmp_path / "tabs.docx")
    assert blocks(path) == [("P", "年度目标")]


def test_headers_and_footers_are_ignored(tmp_path) -> None:
    builder = WordBuilder().paragraph("正文")
    section = builder.document.sections[0]
    section.header.paragraphs[0].text = "页眉：内部资料"
    section.footer.paragraphs[0].text = "第 1 页"
    path = builder.save(tmp_path / "hf.docx")
    assert blocks(path) == [("P", "正文")]


# --------------------------------------------------------------------------- merges
def test_horizontal_merge_is_one_cell_with_col_span(tmp_path) -> None:
    path = (
        WordBuilder()
        .table(
            [
                [Tc("项目支出绩效目标表", span=4)],
                ["项目名称", Tc("机构编制管理", span=3)],
                ["主管部门", "宿州市委编办", "实施单位", "宿州市委编办"],
            ]
        )
        .save(tmp_path / "h.docx")
    )
    table = read_docx(path).tables[0]
    assert texts(table) == [
        ["项目支出绩效目标表"],
        ["项目名称", "机构编制管理"],
        ["主管部门", "宿州市委编办", "实施单位", "宿州市委编办"],
    ]
    assert [c.col_span for c in table.rows[1]] == [1, 3]
    # sources name logical grid columns, so column 4 is column 4 on every row
    assert str(table.rows[2][3].source) == "h.docx#table=1,row=3,col=4"
    assert [c.source.col for c in table.rows[1]] == [1, 2]


def test_vertical_merges_give_row_span_and_continued_cells(tmp_path) -> None:
    rows = [
        [Tc("绩效指标", vmerge="restart"), "一级指标", "二级指标", "三级指标", "指标值"],
        [Tc(vmerge="continue"), Tc("产\n出\n指\n标", vmerge="restart"), "数量指标", "指标1", "62"],
        [Tc(vmerge="continue"), Tc(vmerge="continue"), "质量指标", "指标1", "逐步实现"],
        [Tc(vmerge="continue"), Tc("效益指标", vmerge="restart"), "社会效益", "指标1", "提高"],
    ]
    path = WordBuilder().table(rows).save(tmp_path / "v.docx")
    table = read_docx(path).tables[0]
    first, second, third, fourth = table.rows
    assert (first[0].text, first[0].row_span) == ("绩效指标", 4)
    # the reader builds its named tuples directly: they must equal the ordinary ones
    assert first[0] == Cell("绩效指标", Source("v.docx", table=1, row=1, col=1), row_span=4)
    assert second[0] == Cell("", Source("v.docx", 1, 2, 1), continued=True)
    assert (second[1].text, second[1].row_span) == ("产\n出\n指\n标", 2)
    assert (fourth[1].text, fourth[1].row_span) == ("效益指标", 1)
    for cell in (second[0], third[0], third[1], fourth[0]):
        assert cell.continued and cell.text == ""
    # one cell per starting position: every row still has five cells, like the export
    assert [len(r) for r in table.rows] == [5, 5, 5, 5]
    assert not any(c.continued for c in first)


def test_python_docx_repeats_merged_cells_the_reader_does_not(tmp_path) -> None:
    document = docx.Document()
    grid = document.add_table(rows=3, cols=3)
    grid.cell(0, 0).merge(grid.cell(2, 0)).text = "产出指标"
    grid.cell(0, 1).merge(grid.cell(0, 2)).text = "数量指标"
    for r in (1, 2):
        grid.cell(r, 1).text = f"指标{r}"
        grid.cell(r, 2).text = f"值{r}"
    path = tmp_path / "api.docx"
    document.save(str(path))
    repeated = [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[0].rows]
    assert repeated[1][0] == "产出指标"  # python-docx shows the merged text again
    table = read_docx(path).tables[0]
    assert texts(table) == [["产出指标", "数量指标"], ["", "指标1", "值1"], ["", "指标2", "值2"]]
    assert table.rows[0][0].row_span == 3 and table.rows[0][1].col_span == 2
    assert table.rows[1][0].continued and table.rows[2][0].continued


def test_a_continuation_without_a_merge_above_keeps_its_text(tmp_path) -> None:
    path = WordBuilder().table([[Tc("孤立", vmerge="continue"), "b"]]).save(tmp_path / "c.docx")
    cell = read_docx(path).tables[0].rows[0][0]
    assert (cell.text, cell.continued) == ("孤立", False)


def test_a_merge_restarting_below_a_merge_closes_the_one_above(tmp_path) -> None:
    rows = [
        [Tc("产出指标", vmerge="restart"), "数量指标"],
        [Tc(vmerge="continue"), "质量指标"],
        [Tc("效益指标", vmerge="restart"), "社会效益"],
        [Tc(vmerge="continue"), "经济效益"],
        [Tc(vmerge="continue"), "生态效益"],
    ]
    table = read_docx(WordBuilder().table(rows).save(tmp_path / "rr.docx")).tables[0]
    spans = [(row[0].text, row[0].row_span, row[0].continued) for row in table.rows]
    assert spans == [
        ("产出指标", 2, False),
        ("", 1, True),
        ("效益指标", 3, False),  # runs to the last row of the table
        ("", 1, True),
        ("", 1, True),
    ]


def test_a_merge_ends_at_a_row_that_does_not_continue_it(tmp_path) -> None:
    rows = [
        [Tc("产出指标", vmerge="restart"), "a"],
        [Tc(vmerge="continue"), "b"],
        ["满意度指标", "c"],
        [Tc("孤立", vmerge="continue"), "d"],  # nothing open above: a plain cell
    ]
    table = read_docx(WordBuilder().table(rows).save(tmp_path / "end.docx")).tables[0]
    firsts = [(row[0].text, row[0].row_span, row[0].continued) for row in table.rows]
    assert firsts == [("产出指标", 2, False), ("", 1, True), ("满意度指标", 1, False),
                      ("孤立", 1, False)]  # fmt: skip


def test_tracked_changes_of_spans_and_merges_are_not_read(tmp_path) -> None:
    """``w:tcPrChange`` keeps the span a cell had before an edit; only the current one counts."""
    old = (
        '<w:tcPrChange w:id="1" w:author="a">'
        '<w:tcPr><w:gridSpan w:val="3"/><w:vMerge w:val="restart"/></w:tcPr></w:tcPrChange>'
    )
    xml = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
        f'<w:tc><w:tcPr><w:gridSpan w:val="2"/>{old}</w:tcPr>'
        "<w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    table = read_docx(WordBuilder().xml(xml).save(tmp_path / "chg.docx")).tables[0]
    assert [(c.text, c.col_span, c.source.col) for c in table.rows[0]] == [
        ("项目名称", 2, 1),
        ("甲", 1, 3),
    ]


@pytest.mark.parametrize("nested", [False, True], ids=["plain table", "with a nested table"])
def test_spans_and_merges_are_read_without_a_cell_width(tmp_path, nested: bool) -> None:
    """Some writers (POI, docx4j) give ``w:tcPr`` no ``w:tcW``: spans still count."""
    inner = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>"
        if nested
        else ""
    )
    xml = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
        "<w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc>"
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>数量指标</w:t></w:r></w:p>'
        f"{inner}</w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        "<w:tc><w:p><w:r><w:t>指标1</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>62</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    table = read_docx(WordBuilder().xml(xml).save(tmp_path / "nowidth.docx")).tables[0]
    first, second = table.rows
    assert (first[0].row_span, first[1].col_span, first[1].source.col) == (2, 2, 2)
    assert second[0].continued and [c.text for c in second[1:]] == ["指标1", "62"]


def test_legacy_hmerge_widens_the_cell_on_the_left(tmp_path) -> None:
    merged = '<w:tc><w:tcPr><w:tcW w:w="1" w:type="dxa"/><w:hMerge/></w:tcPr><w:p/></w:tc>'
    xml = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
        '<w:tc><w:tcPr><w:tcW w:w="1" w:type="dxa"/><w:hMerge w:val="restart"/></w:tcPr>'
        f"<w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc>{merged}"
        "<w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    table = read_docx(WordBuilder().xml(xml).save(tmp_path / "hm.docx")).tables[0]
    assert texts(table) == [["项目名称", "甲"]]
    assert [c.col_span for c in table.rows[0]] == [2, 1]
    assert table.rows[0][1].source.col == 3


def test_grid_before_and_after_become_filler_cells(tmp_path) -> None:
    rows = [
        Tr(["一级指标", "二级指标", "三级指标"]),
        Tr(["数量指标", "指标1"], before=1),
        Tr(["产出指标"], after=2),
    ]
    table = read_docx(WordBuilder().table(rows).save(tmp_path / "g.docx")).tables[0]
    assert texts(table) == [["一级指标", "二级指标", "三级指标"], ["", "数量指标", "指标1"],
                            ["产出指标", ""]]  # fmt: skip
    filler = table.rows[1][0]
    assert (filler.col_span, filler.is_empty) == (1, True)
    assert table.rows[1][1].source.col == 2
    assert (table.rows[2][1].col_span, table.rows[2][1].source.col) == (2, 2)


# --------------------------------------------------------------------------- cell text
def test_cell_paragraphs_and_breaks_are_kept_as_line_breaks(tmp_path) -> None:
    one_paragraph_with_breaks = (
        "<w:p><w:r><w:t>产</w:t><w:br/><w:t>出</w:t></w:r><w:r><w:br/><w:t>指</w:t>"
        "<w:cr/><w:t>标</w:t></w:r></w:p>"
    )
    rows = [["实时\n维护", Tc(raw=one_paragraph_with_breaks), Tc("\n   目标1：甲")]]
    table = read_docx(WordBuilder().table(rows).save(tmp_path / "lb.docx")).tables[0]
    assert texts(table) == [["实时\n维护", "产\n出\n指\n标", "\n   目标1：甲"]]


def test_nested_table_comes_after_its_parent_and_stays_out_of_the_cell_text(tmp_path) -> None:
    inner = [["子表指标", "值"], ["指标A", "1"]]
    rows = [["项目名称", Tc("见下表", nested=inner)], ["主管部门", "甲"]]
    doc = read_docx(
        WordBuilder().table(rows).paragraph("后文").table([["二"]]).save(tmp_path / "n.docx")
    )
    tables = doc.tables
    assert [t.index for t in tables] == [1, 2, 3]
    assert texts(tables[0]) == [["项目名称", "见下表\n"], ["主管部门", "甲"]]
    assert texts(tables[1]) == inner
    assert str(tables[1].rows[1][0].source) == "n.docx#table=2,row=2,col=1"
    assert texts(tables[2]) == [["二"]]
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Table", "Table", "Paragraph", "Table"]


def test_content_controls_are_unwrapped(tmp_path) -> None:
    sdt_cell = (
        "<w:sdt><w:sdtPr><w:alias w:val='部门'/></w:sdtPr><w:sdtContent><w:tc>"
        "<w:p><w:r><w:t>宿州市委编办</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt>"
    )
    run_sdt = (
        "<w:p><w:r><w:t>项目属性：</w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent>"
        "<w:r><w:t>☒</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>延续项目</w:t></w:r></w:p>"
    )
    xml = (
        "<w:sdt><w:sdtPr/><w:sdtContent><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/>"
        f"</w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>主管部门</w:t></w:r></w:p></w:tc>{sdt_cell}"
        f"</w:tr></w:tbl>{run_sdt}</w:sdtContent></w:sdt>"
    )
    path = WordBuilder().xml(xml).save(tmp_path / "sdt.docx")
    assert blocks(path) == [("T", [["主管部门", "宿州市委编办"]]), ("P", "项目属性：☒延续项目")]


def test_tracked_insertions_are_kept_and_deletions_dropped(tmp_path) -> None:
    ins = "<w:ins w:id='1' w:author='a'><w:r><w:t>62</w:t></w:r></w:ins>"
    dele = "<w:del w:id='2' w:author='a'><w:r><w:delText>47</w:delText></w:r></w:del>"
    deleted_row = (
        "<w:tr><w:trPr><w:del w:id='3' w:author='a'/></w:trPr>"
        "<w:tc><w:p><w:r><w:t>删除的行</w:t></w:r></w:p></w:tc></w:tr>"
    )
    xml = (
        "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>"
        f"<w:tr><w:tc><w:p><w:r><w:t>市直</w:t></w:r>{dele}{ins}"
        f"<w:r><w:t>家</w:t></w:r></w:p></w:tc></w:tr>{deleted_row}</w:tbl>"
    )
    path = WordBuilder().xml(xml).save(tmp_path / "track.docx")
    assert blocks(path) == [("T", [["市直62家"]])]


def test_field_codes_drawings_and_symbols(tmp_path) -> None:
    field = (
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>"
        " PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        "<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
    )
    shape = (
        "<w:p><w:r><w:t>见图</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r>"
        "<w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p>"
    )
    boxes = (
        "<w:p><w:r><w:sym w:font='Wingdings 2' w:char='F052'/><w:t>延续项目</w:t>"
        "<w:sym w:font='Wingdings' w:char='F0A8'/><w:t>新增项目</w:t></w:r></w:p>"
    )
    path = WordBuilder().xml(field).xml(shape).xml(boxes).save(tmp_path / "f.docx")
    assert blocks(path) == [("P", "3"), ("P", "见图"), ("P", "☑延续项目□新增项目")]


def test_pretty_printed_xml_does_not_add_whitespace(tmp_path) -> None:
    xml = """<w:tbl>
      <w:tblGrid><w:gridCol/></w:tblGrid>
      <w:tr>
        <w:tc>
          <w:p>
            <w:r><w:t>数量指标</w:t></w:r>
            <w:r><w:t xml:space="preserve"> </w:t></w:r>
          </w:p>
        </w:tc>
      </w:tr>
    </w:tbl>"""
    path = WordBuilder().xml(xml).save(tmp_path / "pretty.docx")
    assert blocks(path) == [("T", [["数量指标 "]])]


# --------------------------------------------------------------------------- forms
FORM_ROWS = [
    [Tc("项目支出绩效目标表", span=7)],
    [Tc("（2022年度）", span=7)],
    ["项目名称", Tc("农村道路养护", span=6)],
    ["主管部门", Tc("某县交通局", span=2), "实施单位", Tc("某县公路中心", span=3)],
    [
        "项目属性",
        Tc(
            raw="<w:p><w:r><w:sym w:font='Wingdings 2' w:char='F052'/>"
            "<w:t>延续项目 □新增项目</w:t></w:r></w:p>",
            span=2,
        ),
        "项目期",
        Tc("一年", span=3),
    ],  # fmt: skip
    [Tc("项目资金\n（万元）", vmerge="restart"), Tc("年度资金总额：", span=2), Tc("250", span=4)],
    [Tc(vmerge="continue"), Tc("其中：财政拨款", span=2), Tc("250", span=4)],
    [Tc(vmerge="continue"), Tc("其他资金", span=2), Tc("0", span=4)],
    [Tc("年度\n总体\n目标", vmerge="restart"), Tc("年度目标", span=6)],
    [Tc(vmerge="continue"), Tc("目标1：完成道路养护", span=6)],
    [
        Tc("绩\n效\n指\n标", vmerge="restart"),
        "一级指标",
        "二级指标",
        Tc("三级指标", span=2),
        "指标值",
        "绩效标准",
    ],  # fmt: skip
    [
        Tc(vmerge="continue"),
        Tc("产\n出\n指\n标", vmerge="restart"),
        Tc("数量指标", vmerge="restart"),
        Tc("指标1：养护里程", span=2),
        "≥120公里",
        "",
    ],  # fmt: skip
    [
        Tc(vmerge="continue"),
        Tc(vmerge="continue"),
        Tc(vmerge="continue"),
        Tc("指标2：养护\n道路条数", span=2),
        "12条",
        "",
    ],  # fmt: skip
    [
        Tc(vmerge="continue"),
        Tc(vmerge="continue"),
        "时效指标",
        Tc("指标1：完成时间", span=2),
        "实时\n维护",
        "",
    ],  # fmt: skip
    [
        Tc(vmerge="continue"),
        "满意度指标",
        "服务对象\n满意度指标",
        Tc("指标1：群众满意度", span=2),
        "≥90%",
        "",
    ],  # fmt: skip
]


@pytest.fixture(scope="module")
def merged_form(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("form") / "form.docx"
    builder = (
        WordBuilder().paragraph("1.“农村道路养护”项目。").paragraph("（5）年度预算安排：250万元。")
    )
    return builder.table(FORM_ROWS).save(path)


def test_a_real_word_form_with_merges_loads_to_tidy_tables(merged_form) -> None:
    ds = load(merged_form)
    project = ds.projects.iloc[0]
    assert project["project"] == "农村道路养护"
    assert project["department"] == "某县交通局"
    assert project["attribute"] == "延续项目"
    totals = ds.funding.set_index("category")["amount_wan"]
    assert totals["total"] == 250 and totals["fiscal"] == 250 and totals["other"] == 0
    ind = ds.indicators
    assert ind["indicator"].tolist() == ["养护里程", "养护道路条数", "完成时间", "群众满意度"]
    assert ind["level1"].tolist() == ["产出指标"] * 3 + ["满意度指标"]
    assert ind["level2"].tolist()[:3] == ["数量指标", "数量指标", "时效指标"]
    # the reader keeps the break ("实时\n维护"); the interpreter joins wrapped text
    assert ind["target"].tolist() == ["≥120公里", "12条", "实时维护", "≥90%"]
    assert ind["source"].str.startswith("form.docx#table=1,row=").all()
    # the merged 一级 label is read once: a source points at its first row
    assert ds.cells["source"].is_unique


def test_every_non_empty_word_cell_is_accounted_for(merged_form) -> None:
    ds = load(merged_form)
    doc = read_document(merged_form)
    accounted = set(ds.cells["source"])
    assert all(str(c.source) in accounted for c in doc.non_empty_cells())


# --------------------------------------------------------------------------- acceptance
@pytest.fixture(scope="module")
def text_dataset(source_path):
    return load(source_path)


@pytest.mark.parametrize("merge_labels", [False, True], ids=["one-tc-per-cell", "real-merges"])
def test_source_document_as_word_loads_like_its_text_export(
    source_path, text_dataset, tmp_path, merge_labels
) -> None:
    path = docx_from_document(
        read_text(source_path), tmp_path / "source.docx", merge_labels=merge_labels
    )
    ds = load(path)
    assert len(ds.projects) == 5 and len(ds.indicators) == 110
    assert_same_content(ds, text_dataset)
    for name in ("projects", "funding", "goals", "indicators"):
        assert (
            getattr(ds, name)["source"]
            .str.match(r"source\.docx#table=[1-5],row=\d+,col=\d+$")
            .all()
        )


def test_source_document_as_word_has_the_same_grid_as_the_export(source_path, tmp_path) -> None:
    doc = read_text(source_path)
    path = docx_from_document(doc, tmp_path / "grid.docx")
    word = read_docx(path)
    assert len(word.blocks) == len(doc.blocks)
    for ours, theirs in zip(word.blocks, doc.blocks, strict=True):
        assert type(ours) is type(theirs)
        if isinstance(ours, Table):
            assert texts(ours) == texts(theirs)
        else:
            assert ours.text == theirs.text


def test_the_row_reader_agrees_with_an_independent_reading_of_the_xml(source_path, tmp_path):
    """Each w:tc's text, span and merge as the one-pass row reader sees them equal what
    python-docx's own XML objects say, on the written source and a legacy-merge table.
    (The hand-built form is left out: its check boxes are w:sym, which that reading skips.)"""
    written = write_target_forms_docx(load(source_path), tmp_path / "source.docx")
    legacy = WordBuilder().table(
        [[Tc("a", vmerge="restart"), Tc("b", span=2)], [Tc(vmerge="continue"), "c", "d"]]
    )
    for path in (written, legacy.save(tmp_path / "legacy.docx")):
        body = etree.fromstring(read_part(path)).find(W_BODY)
        walker = _Walker(path.name, prepare(body))
        tables = [tbl for tbl in body if tbl.tag == W_TBL]
        expected = [xml_grid(table) for table in docx.Document(str(path)).tables]
        assert len(tables) == len(expected) > 0
        for tbl, rows in zip(tables, expected, strict=True):
            raw = walker._rows([tr for tr in tbl if tr.tag == W_TR], [])
            seen = [[(text, span, merge or None) for _, span, merge, text in row] for row in raw]
            assert seen == rows


def read_part(path: Path) -> bytes:
    """The main document part of a .docx file."""
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml")
