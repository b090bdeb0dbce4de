"""Read limits: oversized or hostile structures are refused (or cut) in bounded time and memory.

Each test shows the protection at work (the error or the note) and, where cheap, what
happens without it (the limit raised: the whole structure is built), so that it fails if the
protection goes. Wall-clock bounds are generous sanity guards only; memory is measured with
tracemalloc (Python allocations).
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from builders import Tc, WordBuilder

from kpi_analysis import load
from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers import read_document, xlsx_scan
from kpi_analysis.readers.limits import DEFAULT_LIMITS, MB, ReadLimits
from kpi_analysis.readers.sniff import MAX_UNCOMPRESSED_BYTES


def _template_docx() -> tuple[bytes, bytes]:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    data = buffer.getvalue()
    return data, zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


TEMPLATE, TEMPLATE_XML = _template_docx()
#: Generated test files repeat one row and compress far better than real forms; this keeps
#: the zip-bomb ratio check from refusing them before the limit under test is reached.
LOOSE_RATIO = ReadLimits(max_compression_ratio=100_000)


def docx_with_body(path: Path, body: str) -> Path:
    """A .docx whose body content (before the section properties) is ``body``."""
    head, rest = TEMPLATE_XML.split(b"<w:body>", 1)
    tail = rest[rest.index(b"<w:sectPr") :]
    xml = head + b"<w:body>" + body.encode() + tail
    with (
        zipfile.ZipFile(io.BytesIO(TEMPLATE)) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            member = xml if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, member)
    return path


def row_xml(*texts: str) -> str:
    cells = "".join(f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>" for t in texts)
    return f"<w:tr>{cells}</w:tr>"


def table_xml(rows: int, cols: int = 2) -> str:
    return "<w:tbl>" + row_xml(*(f"c{c}" for c in range(cols))) * rows + "</w:tbl>"


def nested_xml(depth: int) -> str:
    """``depth`` tables, each inside the first cell of the one before."""
    xml = "<w:p><w:r><w:t>最内层</w:t></w:r></w:p>"
    for level in range(depth, 0, -1):
        label = f"<w:p><w:r><w:t>第{level}层</w:t></w:r></w:p>"
        xml = f"<w:tbl><w:tr><w:tc>{label}{xml}<w:p/></w:tc></w:tr></w:tbl>"
    return xml


def measured(func: Callable[[], object]) -> tuple[object, float, int]:
    """``func()``'s result (or the exception it raised), wall seconds and peak traced bytes."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result: object = func()
    except Exception as error:  # the caller asserts on it
        result = error
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


# --------------------------------------------------------------------------- the settings
def test_defaults_are_the_documented_ones() -> None:
    limits = DEFAULT_LIMITS
    assert limits.max_file_bytes == 100 * MB
    assert limits.max_uncompressed_bytes == MAX_UNCOMPRESSED_BYTES == 200 * MB
    assert (limits.max_tables, limits.max_rows_per_table) == (2_000, 20_000)
    assert (limits.max_cells, limits.max_nesting_depth) == (2_000_000, 5)
    assert (limits.max_cell_chars, limits.max_text_lines) == (100_000, 1_000_000)


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_tables"):
        ReadLimits(max_tables=0)
    with pytest.raises(ValueError, match="max_cell_chars"):
        ReadLimits(max_cell_chars=-1)


def test_limits_reach_the_readers_through_load(source_path, tmp_path) -> None:
    tight = ReadLimits(max_rows_per_table=5)
    ds = load(source_path, limits=tight)
    finding = ds.findings.set_index("code").loc["file_unreadable"]
    assert "行数过多" in finding["message"] and finding["source"] == source_path.name
    assert ds.projects.empty
    with pytest.raises(UnreadableFileError, match="行数过多"):
        load(source_path, strict=True, limits=tight)
    assert len(load(source_path).projects) == 5  # the default limits read it


# --------------------------------------------------------------------------- file size
def test_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 101 MB on paper, nothing on disk
        handle.truncate(101 * MB)
    error, seconds, peak = measured(lambda: read_document(path))
    assert isinstance(error, UnreadableFileError)
    assert "文件过大" in error.message and "100 MB" in error.message
    assert error.file == "huge.txt"
    assert seconds < 5 and peak < 5 * MB  # nothing of the 101 MB was read


def test_file_size_limit_is_configurable(source_path) -> None:
    with pytest.raises(UnreadableFileError, match="文件过大"):
        read_document(source_path, limits=ReadLimits(max_file_bytes=1000))
    assert read_document(source_path).tables  # the default limit reads it


def test_zip_limits_are_read_limits_too(tmp_path) -> None:
    path = WordBuilder().table([["项目名称", "甲"]]).save(tmp_path / "form.docx")
    with pytest.raises(UnreadableFileError, match="解压后过大"):
        read_document(path, limits=ReadLimits(max_uncompressed_bytes=1000))
    with pytest.raises(UnreadableFileError, match="压缩比异常"):
        read_document(path, limits=ReadLimits(max_compression_ratio=1.01, ratio_min_member_bytes=0))


# --------------------------------------------------------------------------- Word
def test_docx_with_thousands_of_tables_is_refused(tmp_path) -> None:
    path = docx_with_body(tmp_path / "many.docx", table_xml(1) * 2_500)
    error, seconds, peak = measured(lambda: read_document(path))
    assert isinstance(error, UnreadableFileError)
    assert "表格过多" in error.message and "2500" in error.message
    assert seconds < 10 and peak < 20 * MB
    unlimited = read_document(path, limits=ReadLimits(max_tables=10_000))
    assert len(unlimited.tables) == 2_500  # without the limit, every table is built


def test_docx_table_with_too_many_rows_is_refused_before_its_cells_are_built(tmp_path) -> None:
    path = docx_with_body(tmp_path / "long.docx", table_xml(25_000))
    with pytest.raises(UnreadableFileError, match="压缩比异常"):
        read_document(path)  # 2.7 MB of one repeated row: refused as a zip bomb first
    error, seconds, peak = measured(lambda: read_document(path, limits=LOOSE_RATIO))
    assert isinstance(error, UnreadableFileError)
    assert "行数过多（25000 行，上限 20000 行）" in error.message and error.table == 1
    assert seconds < 20 and peak < 20 * MB
    unlimited = replace(LOOSE_RATIO, max_rows_per_table=30_000)
    assert len(read_document(path, limits=unlimited).tables[0].rows) == 25_000


def test_docx_with_too_many_cells_is_refused(tmp_path) -> None:
    path = docx_with_body(tmp_path / "wide.docx", table_xml(40, cols=40))
    with pytest.raises(UnreadableFileError, match="单元格过多（1600 个"):
        read_document(path, limits=ReadLimits(max_cells=1_000))
    assert len(read_document(path).non_empty_cells()) == 1_600


def test_deeply_nested_tables_are_refused(tmp_path) -> None:
    allowed = docx_with_body(tmp_path / "five.docx", nested_xml(5))
    doc = read_document(allowed)
    assert [t.rows[0][0].text.split()[0] for t in doc.tables] == [f"第{n}层" for n in range(1, 6)]
    deep = docx_with_body(tmp_path / "eight.docx", nested_xml(8))
    with pytest.raises(UnreadableFileError, match="嵌套层数过深（超过 5 层）"):
        read_document(deep)
    assert len(read_document(deep, limits=ReadLimits(max_nesting_depth=8)).tables) == 8


def test_absurdly_deep_nesting_is_a_clean_error_not_a_crash(tmp_path) -> None:
    path = docx_with_body(tmp_path / "abyss.docx", nested_xml(400))
    for limits in (DEFAULT_LIMITS, ReadLimits(max_nesting_depth=1_000)):
        with pytest.raises(UnreadableFileError, match="嵌套过深") as caught:
            read_document(path, limits=limits)  # libxml2 stops at 256 levels: no recursion
        assert caught.value.file == "abyss.docx"


def test_overlong_word_cell_is_cut_with_a_note(tmp_path) -> None:
    essay = "长" * 150_000
    path = WordBuilder().table([["项目名称", essay]]).save(tmp_path / "essay.docx")
    doc = read_document(path)
    cell = doc.tables[0].rows[0][1]
    assert len(cell.text) == 100_000
    assert doc.notes == [
        {
            "source": "essay.docx#table=1,row=1,col=2",
            "code": "cell_truncated",
            "message": "单元格文字过长（150000 字），只读取前 100000 字",
            "severity": "warning",
            "text": "长" * 100,
        }
    ]
    findings = load(path).findings.set_index("code")
    assert findings.loc["cell_truncated", "source"] == "essay.docx#table=1,row=1,col=2"
    whole = read_document(path, limits=ReadLimits(max_cell_chars=200_000))
    assert whole.tables[0].rows[0][1].text == essay and whole.notes == []


# --------------------------------------------------------------------------- Excel
def xlsx_with_rows(path: Path, rows: list[list[str]]) -> Path:
    """A one-sheet workbook written as raw XML (fast for tens of thousands of rows)."""
    sheet = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    sheet.append("<sheetData>")
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{text}</t></is></c>'
            for c, text in enumerate(row)
            if text
        )
        sheet.append(f'<row r="{r}">{cells}</row>')
    sheet.append("</sheetData></worksheet>")
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def test_workbook_helper_writes_a_readable_workbook(tmp_path) -> None:
    path = xlsx_with_rows(tmp_path / "ok.xlsx", [["项目名称", "甲"], ["三级指标", "指标值"]])
    rows = read_document(path).tables[0].rows
    assert [[c.text for c in row] for row in rows] == [["项目名称", "甲"], ["三级指标", "指标值"]]


def test_workbook_with_thousands_of_tables_is_refused(tmp_path) -> None:
    rows = []
    for n in range(2_100):  # two blank rows end a table
        rows += [[f"表{n}", "值"], [], []]
    path = xlsx_with_rows(tmp_path / "many.xlsx", rows)
    error, seconds, peak = measured(lambda: read_document(path))
    assert isinstance(error, UnreadableFileError)
    assert "表格过多（超过 2000 个）" in error.message
    assert seconds < 30 and peak < 100 * MB
    assert len(read_document(path, limits=ReadLimits(max_tables=5_000)).tables) == 2_100


def test_workbook_table_with_too_many_rows_is_refused(tmp_path) -> None:
    path = xlsx_with_rows(tmp_path / "long.xlsx", [[f"r{r}", "x"] for r in range(20_001)])
    with pytest.raises(UnreadableFileError, match="行数过多（20001 行，上限 20000 行）") as caught:
        read_document(path)
    assert (caught.value.table, caught.value.row) == (1, 1)
    short = xlsx_with_rows(tmp_path / "short.xlsx", [[f"r{r}", "x"] for r in range(101)])
    with pytest.raises(UnreadableFileError, match="行数过多（101 行，上限 100 行）"):
        read_document(short, limits=ReadLimits(max_rows_per_table=100))
    assert (
        len(read_document(short, limits=ReadLimits(max_rows_per_table=101)).tables[0].rows) == 101
    )


def test_workbook_cells_are_counted_while_they_stream(tmp_path, monkeypatch) -> None:
    path = xlsx_with_rows(tmp_path / "big.xlsx", [[f"r{r}", "x", "y"] for r in range(2_000)])
    tight = ReadLimits(max_cells=3_000)
    built = []
    real_cell = xlsx_scan.StoredCell
    monkeypatch.setattr(xlsx_scan, "StoredCell", lambda *a: built.append(1) or real_cell(*a))
    error, _, refused_peak = measured(lambda: read_document(path, limits=tight))
    assert isinstance(error, UnreadableFileError)
    assert "单元格过多（超过 3000 个）" in error.message
    assert len(built) <= 3_000  # refused as soon as the count passed the limit
    built.clear()
    doc, _, loaded_peak = measured(lambda: read_document(path))
    assert len(built) == 6_000 and len(doc.tables[0].rows) == 2_000
    assert refused_peak < loaded_peak


def test_overlong_excel_cell_is_cut_with_a_note(tmp_path) -> None:
    path = xlsx_with_rows(tmp_path / "essay.xlsx", [["项目名称", "字" * 120]])
    doc = read_document(path, limits=ReadLimits(max_cell_chars=100))
    assert doc.tables[0].rows[0][1].text == "字" * 100
    assert [(n["code"], n["source"]) for n in doc.notes] == [
        ("cell_truncated", "essay.xlsx#sheet=表1,cell=B1,row=1,col=2")
    ]


# --------------------------------------------------------------------------- text export
def test_text_with_too_many_lines_is_refused(tmp_path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"\n" * 1_000_001)
    error, seconds, peak = measured(lambda: read_document(path))
    assert isinstance(error, UnreadableFileError)
    assert "行数过多（1000002 行，上限 1000000 行）" in error.message
    assert seconds < 10 and peak < 20 * MB
    assert read_document(path, limits=ReadLimits(max_text_lines=2_000_000)).blocks == []


def test_text_with_thousands_of_tables_is_refused(tmp_path) -> None:
    path = tmp_path / "tables.txt"
    path.write_text("\t单元格\n\n段落\n" * 2_001, encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="表格过多（超过 2000 个）"):
        read_document(path)
    assert len(read_document(path, limits=ReadLimits(max_tables=3_000)).tables) == 2_001


def test_text_table_with_too_many_rows_is_refused(tmp_path) -> None:
    path = tmp_path / "rows.txt"
    path.write_text("\t甲\n\t乙\n\n" * 20_001, encoding="utf-8")  # one cell per line
    with pytest.raises(UnreadableFileError, match="表1行数过多（超过 20000 行）"):
        read_document(path)
    with pytest.raises(UnreadableFileError, match="单元格过多（超过 30000 个）"):
        read_document(path, limits=ReadLimits(max_rows_per_table=30_000, max_cells=30_000))
    doc = read_document(path, limits=ReadLimits(max_rows_per_table=30_000))
    assert len(doc.tables[0].rows) == 20_001


def test_overlong_text_line_is_cut_with_a_note(tmp_path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("说" * 100_001 + "\n\t项目名称\n\t" + "长" * 100_005 + "\n\n", encoding="utf-8")
    doc = read_document(path)
    assert len(doc.blocks[0].text) == 100_000
    assert len(doc.tables[0].rows[0][1].text) == 100_000
    assert [(n["code"], n["source"]) for n in doc.notes] == [
        ("cell_truncated", "line.txt#line=1"),
        ("cell_truncated", "line.txt#table=1,row=1,col=2,line=3"),
    ]
    ds = load(path)
    assert set(ds.findings.loc[ds.findings.code == "cell_truncated", "source"]) == {
        "line.txt#line=1",
        "line.txt#table=1,row=1,col=2,line=3",
    }


def test_nested_table_helper_builds_word_nesting(tmp_path) -> None:
    # the builder's own nesting (Tc.nested) and nested_xml agree on what depth means
    inner = [[Tc("内")]]
    path = WordBuilder().table([[Tc("外", nested=inner)]]).save(tmp_path / "two.docx")
    assert [t.rows[0][0].text.strip() for t in read_document(path).tables] == ["外", "内"]
    assert read_document(path, limits=ReadLimits(max_nesting_depth=2)).tables
    with pytest.raises(UnreadableFileError, match="嵌套"):
        read_document(path, limits=ReadLimits(max_nesting_depth=1))
