"""The Word writer: real merged cells, vertical labels, borders, pages — checked in the XML."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx_xml import tc_text, xml_grid

from kpi_analysis import load
from kpi_analysis.outputs.writers import write_target_forms_docx


@pytest.fixture(scope="module")
def written(source_path: Path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "forms.docx"
    write_target_forms_docx(load(source_path), path, title="宿州市委编办2021年项目及绩效目标情况")
    return path


def test_one_table_per_project_with_the_narrative_before_it(written: Path) -> None:
    document = Document(str(written))
    assert len(document.tables) == 5
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "宿州市委编办2021年项目及绩效目标情况"
    assert texts[1] == "1.“机构编制管理及编制周转池改革工作”项目。"
    assert "（5）年度预算安排：30万元。" in texts
    headings = [p for p in document.paragraphs if p.text.startswith(("2.“", "3.“", "5.“"))]
    assert len(headings) == 3
    assert all(p.paragraph_format.page_break_before for p in headings)  # new page per project
    first = next(p for p in document.paragraphs if p.text.startswith("1.“"))
    assert not first.paragraph_format.page_break_before


def test_merged_cells_are_real_spans_not_repeated_cells(written: Path) -> None:
    table = Document(str(written)).tables[0]
    grid = xml_grid(table)
    assert grid[0] == [("项目支出绩效目标表", 10, None)]
    assert grid[1] == [("（2021年度）", 10, None)]
    assert grid[2] == [("项目名称", 2, None), ("机构编制管理及编制周转池改革工作", 8, None)]
    # every row covers the 10 grid columns exactly
    assert all(sum(span for _, span, _ in row) == 10 for row in grid)
    # 项目资金（万元） starts a vertical merge that continues on the next two rows
    assert grid[5][0] == ("项目资金\n（万元）", 2, "restart")
    assert grid[6][0] == ("", 2, "continue") and grid[7][0] == ("", 2, "continue")
    assert [t for t, _, _ in grid[5]] == [
        "项目资金\n（万元）",
        "中期资金总额：",
        "90",
        "年度资金总额：",
        "30",
    ]
    # 绩效指标 runs down the whole indicator block
    header = next(i for i, row in enumerate(grid) if row[0][0] == "绩\n效\n指\n标")
    assert grid[header][0][2] == "restart"
    assert all(row[0] == ("", 1, "continue") for row in grid[header + 1 :])
    assert [t for t, _, _ in grid[header][1:]] == [
        "一级指标", "二级指标", "三级指标", "指标值", "绩效标准",
        "二级指标", "三级指标", "指标值", "绩效标准",
    ]  # fmt: skip


def test_labels_are_vertical_one_character_per_line(written: Path) -> None:
    table = Document(str(written)).tables[0]
    texts = {t for row in xml_grid(table) for t, _, _ in row}
    assert {"总\n体\n目\n标", "产\n出\n指\n标", "效\n益\n指\n标", "满\n意\n度\n指\n标"} <= texts
    # the line breaks are w:br elements inside one paragraph
    cell = next(tc for tc in table._tbl.iter(qn("w:tc")) if tc_text(tc) == "产\n出\n指\n标")
    assert len(list(cell.iter(qn("w:br")))) == 3


def test_project_attribute_has_a_real_check_mark(written: Path) -> None:
    tables = Document(str(written)).tables
    attributes = [xml_grid(t)[4][1][0] for t in tables]
    assert attributes[0] == "□新增项目 ■延续项目"
    assert attributes[2] == "□新增项目 □延续项目"  # unmarked in the source: unknown


def test_table_has_borders_widths_and_landscape_pages(written: Path) -> None:
    document = Document(str(written))
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    borders = table.style.element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert borders is not None and borders.find(qn("w:insideH")).get(qn("w:val")) == "single"
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert len(widths) == 10 and widths[3] > widths[1]  # 三级指标 wider than 一级指标
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    # the title row stands above the grid without borders
    title_tc = table._tbl.tr_lst[0].tc_lst[0]
    hidden = title_tc.tcPr.find(qn("w:tcBorders"))
    assert {child.get(qn("w:val")) for child in hidden} == {"nil"}


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path: Path, source_path: Path) -> None:
    target = tmp_path / "out" / "forms.docx"
    write_target_forms_docx(load(source_path), target)
    assert [p.name for p in target.parent.iterdir()] == ["forms.docx"]
    with pytest.raises(ValueError):
        write_target_forms_docx({"projects": load(source_path).projects.iloc[0:0]}, target)
    assert target.is_file()  # the earlier file is untouched by the failed write
