"""The text-export reader: TAB starts a cell, blank line ends a row, other lines continue."""

from __future__ import annotations

import pytest

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.grid import Paragraph, Table
from kpi_analysis.readers.text import decode_text, parse_text, read_text

SAMPLE = "标题\n\t项目名称\n\t测试项目\n\n\t指标值\n\t实时\n维护\n\n\n后记\n"


def test_cells_rows_and_paragraphs() -> None:
    doc = parse_text(SAMPLE, "a.txt")
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Paragraph, Table, Paragraph]
    table = doc.tables[0]
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目名称", "测试项目"],
        ["指标值", "实时\n维护"],
    ]


def test_sources_name_file_table_row_col_and_line() -> None:
    doc = parse_text(SAMPLE, "a.txt")
    cell = doc.tables[0].rows[1][1]
    assert str(cell.source) == "a.txt#table=1,row=2,col=2,line=6"


def test_export_artefact_is_removed() -> None:
    doc = parse_text("[bookmark: _GoBack]（6）说明\n\t项目名称\n\n", "a.txt")
    assert doc.blocks[0].text == "（6）说明"
    assert "bookmark" not in "".join(c.text for c in doc.tables[0].cells())


def test_crlf_and_cr_line_endings_read_alike() -> None:
    unix = parse_text(SAMPLE, "a.txt")
    windows = parse_text(SAMPLE.replace("\n", "\r\n"), "a.txt")
    assert [[c.text for c in r] for r in unix.tables[0].rows] == [
        [c.text for c in r] for r in windows.tables[0].rows
    ]


def test_gbk_and_bom_are_decoded() -> None:
    assert decode_text("项目".encode("gb18030"), "x.txt") == "项目"
    assert decode_text("\ufeff项目".encode(), "x.txt") == "项目"


def test_nul_bytes_are_refused_with_the_file_name(tmp_path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\x00\x01abc")
    with pytest.raises(UnreadableFileError) as info:
        read_text(path)
    assert "binary.txt" in str(info.value)


def test_source_document_has_five_form_tables(source_path) -> None:
    doc = read_text(source_path)
    assert len(doc.tables) == 5
    assert all(len(t.rows) >= 19 for t in doc.tables)
