"""The Word 自评表: read back with python-docx — merged cells, totals, title, notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx_xml import tc_text, xml_grid
from selfeval_examples import EXECUTION_SCORE, TOTAL, sample_form

from kpi_analysis.outputs.writers.selfeval_docx import write_selfeval_docx
from kpi_analysis.outputs.writers.selfeval_layout import EXAMPLE_NOTICE, N_COLS


@pytest.fixture(scope="module")
def example_doc(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("selfeval_docx") / "form.docx"
    write_selfeval_docx(sample_form(example=True), path)
    return path


def test_title_notice_and_page(example_doc: Path) -> None:
    document = Document(str(example_doc))
    assert len(document.tables) == 1
    grid = xml_grid(document.tables[0])
    assert grid[0] == [(f"项目支出绩效自评表（2021年度）\n{EXAMPLE_NOTICE}", N_COLS, None)]
    assert grid[1][0][0] == "项目名称"
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.core_properties.title == "项目支出绩效自评表（2021年度）"
    assert document.core_properties.comments == EXAMPLE_NOTICE


def test_merged_cells_are_real_merges(example_doc: Path) -> None:
    grid = xml_grid(Document(str(example_doc)).tables[0])
    funding = next(i for i, row in enumerate(grid) if row[0][0].startswith("项目资金"))
    # 项目资金 starts a vertical merge continued over the four funding rows
    assert grid[funding][0][2] == "restart"
    assert [grid[funding + k][0][2] for k in range(1, 5)] == ["continue"] * 4
    assert grid[funding + 1][1] == ("年度资金总额", 2, None)  # row label over two columns
    indicators = next(i for i, row in enumerate(grid) if row[0][0] == "绩\n效\n指\n标")
    first = grid[indicators + 1]
    assert first[1] == ("产出指标（50分）", 1, "restart")
    assert [grid[indicators + k][1][2] for k in (2, 3)] == ["continue", "continue"]
    assert first[2] == ("数量指标", 1, "restart")
    assert grid[-1][0] == ("总分", 6, None)


def test_total_equals_execution_score_plus_the_indicator_scores(example_doc: Path) -> None:
    grid = xml_grid(Document(str(example_doc)).tables[0])
    indicators = next(i for i, row in enumerate(grid) if row[0][0] == "绩\n效\n指\n标")
    scores = []
    for row in grid[indicators + 1 : -1]:
        texts = [text for text, _, _ in row]
        scores.append(float(texts[-2]))  # 得分 is the cell before 偏差原因
    funding_total = next(row for row in grid if len(row) > 1 and row[1][0] == "年度资金总额")
    execution_score = float(funding_total[-1][0])
    assert execution_score == EXECUTION_SCORE
    total_text = grid[-1][2][0]
    assert float(total_text) == pytest.approx(execution_score + sum(scores))
    assert float(total_text) == TOTAL
    assert grid[-1][1][0] == "100"


def test_notes_follow_the_table(example_doc: Path) -> None:
    texts = [p.text for p in Document(str(example_doc)).paragraphs]
    assert "说明：" in texts
    assert texts[texts.index("说明：") + 1].startswith(EXAMPLE_NOTICE)
    assert "总分 95.60，自评等级：优。" in texts
    assert "预算执行率低于90%的原因：部分事项延至次年。" in texts


def test_without_example_there_is_no_notice(tmp_path: Path) -> None:
    path = write_selfeval_docx(sample_form(), tmp_path / "plain.docx")
    document = Document(str(path))
    assert EXAMPLE_NOTICE not in tc_text(document.tables[0]._tbl)
    assert all(EXAMPLE_NOTICE not in p.text for p in document.paragraphs)
    assert not document.core_properties.comments


def test_several_forms_one_table_each(tmp_path: Path) -> None:
    forms = [sample_form(), sample_form(project="中文域名注册管理工作")]
    document = Document(str(write_selfeval_docx(forms, tmp_path / "two.docx")))
    names = [xml_grid(t)[1][1][0] for t in document.tables]
    assert names == ["深化事业单位改革", "中文域名注册管理工作"]


def test_no_form_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_selfeval_docx([], tmp_path / "none.docx")
    assert not (tmp_path / "none.docx").exists()
