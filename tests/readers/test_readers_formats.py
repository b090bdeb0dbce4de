"""Forms as published: web pages, PDF, old .xls and .doc read into the same tidy facts.

The fixtures in ``tests/data/formats`` were made by ``tests/data/formats/make_formats.py``
with LibreOffice from the standard source form; ``source.docx``/``source.xlsx`` are the
originals. Tests that convert at read time (.doc) need ``soffice``: locally they are skipped
when it is missing, under CI (``CI=true``) they fail instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from same_content import assert_same_content, assert_same_facts

from kpi_analysis import load
from kpi_analysis.readers import read_document
from kpi_analysis.readers.convert import find_soffice
from kpi_analysis.readers.grid import Table
from kpi_analysis.readers.html import read_html
from kpi_analysis.readers.pdf import read_pdf
from kpi_analysis.readers.sniff import sniff
from kpi_analysis.readers.xls import read_xls

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"


def needs_soffice() -> None:
    """Skip without LibreOffice, except under CI where it must be installed (.ci/run)."""
    if find_soffice() is not None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("soffice (LibreOffice) is missing under CI: .ci/run should install it")
    pytest.skip("soffice (LibreOffice) is not installed")


@pytest.fixture(scope="module")
def original():
    return load(FORMATS / "source.docx")


def test_the_originals_hold_the_source_form(source_path, original) -> None:
    assert_same_content(original, load(source_path))
    assert_same_content(load(FORMATS / "source.xlsx"), original)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("source.html", "html"), ("source.pdf", "pdf"), ("source.xls", "xls")],
)
def test_each_published_format_gives_the_same_tidy_facts(original, name, kind) -> None:
    path = FORMATS / name
    assert sniff(path) == kind
    ds = load(path)
    assert len(ds.projects) == 5
    assert_same_facts(ds, original)
    assert ds.indicators["source"].str.startswith(f"{name}#").all()


def test_xls_gives_exactly_the_xlsx_grid() -> None:
    ours, theirs = read_xls(FORMATS / "source.xls"), read_document(FORMATS / "source.xlsx")
    grid = [[(c.text, c.row_span, c.col_span, c.continued) for c in r] for r in ours.tables[0].rows]
    want = [
        [(c.text, c.row_span, c.col_span, c.continued) for c in r] for r in theirs.tables[0].rows
    ]
    assert grid == want
    assert_same_content(load(FORMATS / "source.xls"), load(FORMATS / "source.xlsx"))


def test_doc_is_converted_by_libreoffice_and_reads_the_same(original, tmp_path) -> None:
    needs_soffice()
    path = tmp_path / "目标表.doc"
    shutil.copyfile(FORMATS / "source.doc", path)
    ds = load(path)
    assert_same_facts(ds, original)
    assert ds.indicators["source"].str.startswith("目标表.doc#table=").all()
    assert list(tmp_path.iterdir()) == [path]  # the conversion left nothing beside the file


def test_wps_name_is_read_like_doc(tmp_path) -> None:
    needs_soffice()
    path = tmp_path / "目标表.wps"
    shutil.copyfile(FORMATS / "source.doc", path)
    assert len(load(path).projects) == 5


# --------------------------------------------------------------------------- PDF
def test_pdf_sources_name_page_table_row_and_col() -> None:
    doc = read_pdf(FORMATS / "source.pdf")
    first = doc.tables[0].rows[0][0].source
    assert str(first) == "source.pdf#page=1,table=1,row=1,col=1"
    pages = {c.source.page for t in doc.tables for row in t.rows for c in row}
    assert len(pages) > 1


def test_pdf_paragraphs_are_the_word_paragraphs() -> None:
    """Wrapped lines run on into one paragraph, also where Word carried a character down
    with punctuation that may not start a line (“…精简压缩事业单位规 / 模；优化…”)."""

    def paragraphs(doc) -> list[str]:
        return ["".join(b.text.split()) for b in doc.blocks if not isinstance(b, Table)]

    ours = paragraphs(read_pdf(FORMATS / "source.pdf"))
    assert ours == paragraphs(read_document(FORMATS / "source.docx"))
    assert any("规模；优化事业单位" in text for text in ours)


def test_pdf_vertical_merges_cut_by_a_page_break_are_joined() -> None:
    doc = read_pdf(FORMATS / "source.pdf")
    labels = [
        c
        for t in doc.tables
        for row in t.rows
        for c in row
        if c.text.replace("\n", "") == "总体目标"
    ]
    assert len(labels) == 5 and all(c.row_span == 2 for c in labels)


def test_table_over_two_pages_is_one_table_without_repeated_header() -> None:
    doc = read_pdf(FORMATS / "split_table.pdf")
    (table,) = doc.tables
    assert len(table.rows) == 46  # header + 45 rows; the repeated header dropped
    assert [c.text for c in table.rows[0]] == ["序号", "三级指标", "指标值"]
    assert all(
        [c.text for c in row] == [str(i), f"指标{i}：完成第{i}项工作", f"≥{i}次"]
        for i, row in enumerate(table.rows[1:], start=1)
    ), "a row broken by the page break is one row again"
    assert {c.source.page for row in table.rows for c in row} == {1, 2}
    # page header and the “— 1 —” footer are not text of the form
    assert [b.text for b in doc.blocks if not isinstance(b, Table)] == [
        "跨页表格测试",
        "以上共45项。",
    ]


def test_pdf_table_without_ruling_lines_is_noted_not_passed_off_as_text() -> None:
    """A table drawn by text positions only (no ruling lines) is not read as a table yet:
    its rows come as paragraphs, one per line, and a warning says where (tables by text
    positions are future work: issue #13)."""
    doc = read_pdf(FORMATS / "no_lines.pdf")
    assert doc.tables == []
    assert [b.text for b in doc.blocks] == [
        "项目支出绩效目标表",
        "一级指标 三级指标 指标值",
        "产出指标 指标1：培训次数 ≥4次",
        "产出指标 指标2：合格率 100%",
        "满意度指标 指标3：满意度 ≥90%",
    ]
    (note,) = doc.notes
    assert note["code"] == "pdf_table_without_lines" and note["severity"] == "warning"
    assert note["source"] == "no_lines.pdf#page=1" and "4 行" in note["message"]
    assert note["text"] == "一级指标 三级指标 指标值"


def test_pdf_prose_and_titles_are_not_taken_for_columns() -> None:
    for name in ("source.pdf", "split_table.pdf", "selfeval.pdf"):
        assert not [n for n in read_pdf(FORMATS / name).notes if "without_lines" in n["code"]]


# --------------------------------------------------------------------------- HTML
GOV_PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>宿州市委编办2021年项目支出绩效目标公开</title>
<script>var x = "<table><tr><td>不是表格</td></tr></table>";</script>
<style>td {{ border: 1px solid }}</style>
</head><body>
<div class="nav"><a href="/">首页</a> &gt; 信息公开</div>
<h2>项目支出绩效目标表</h2>
<p>（2021年度）</p>
<table border="1">
<tr><td>项目名称</td><td colspan="3">机构编制管理工作</td></tr>
<tr><td>主管部门</td><td>宿州市委编办</td><td>实施单位</td><td>宿州市委编办</td></tr>
<tr><td rowspan="2">项目资金<br>（万元）</td><td>年度资金总额：</td><td colspan="2">30</td></tr>
<tr><td>其中：财政拨款</td><td colspan="2">30</td></tr>
<tr><td>年度目标</td><td colspan="3">
  <p>目标1：负责&nbsp;审核。</p><p>目标2：完成\u3000评估。</p></td></tr>
</table>
<p>发布日期：2021-03-01</p>
</body></html>
"""


@pytest.mark.parametrize(("charset", "encoding"), [("utf-8", "utf-8"), ("gbk", "gbk")])
def test_government_page_in_utf8_and_gbk(tmp_path, charset, encoding) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(GOV_PAGE.format(charset=charset).encode(encoding))
    doc = read_html(path)
    (table,) = doc.tables
    rows = [[(c.text, c.row_span, c.col_span, c.continued) for c in row] for row in table.rows]
    assert rows[0] == [("项目名称", 1, 1, False), ("机构编制管理工作", 1, 3, False)]
    assert rows[2][0] == ("项目资金\n（万元）", 2, 1, False)
    assert rows[3][0] == ("", 1, 1, True)
    assert rows[4][1] == ("目标1：负责 审核。\n目标2：完成 评估。", 1, 3, False)
    assert str(table.rows[1][3].source) == "page.html#table=1,row=2,col=4"
    texts = [b.text for b in doc.blocks if not isinstance(b, Table)]
    assert texts == [
        "首页 > 信息公开",
        "项目支出绩效目标表",
        "（2021年度）",
        "发布日期：2021-03-01",
    ]


def test_charset_is_detected_without_a_meta_tag(tmp_path) -> None:
    page = GOV_PAGE.format(charset="x").replace('<meta http-equiv="Content-Type" ', "<meta ")
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gb18030"))
    assert read_html(path).tables[0].rows[0][1].text == "机构编制管理工作"


def test_mhtml_page_and_html_saved_as_xls(tmp_path) -> None:
    import quopri

    body = quopri.encodestring(GOV_PAGE.format(charset="utf-8").encode("utf-8")).decode("ascii")
    mht = (
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
        'Content-Type: text/html; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + body + "\r\n--B--\r\n"
    )
    (tmp_path / "page.mht").write_text(mht, encoding="ascii")
    (tmp_path / "report.xls").write_bytes(GOV_PAGE.format(charset="utf-8").encode("utf-8"))
    for name in ("page.mht", "report.xls"):
        doc = read_document(tmp_path / name)
        assert doc.tables[0].rows[0][1].text == "机构编制管理工作", name


def test_several_forms_on_one_page_and_nested_layout(tmp_path) -> None:
    form = "<table><tr><td>项目名称</td><td>甲</td><td>乙</td><td>丙</td></tr></table>"
    page = f"<html><body><table><tr><td>{form}<p>说明</p>{form}</td></tr></table></body></html>"
    path = tmp_path / "two.html"
    path.write_text(page, encoding="utf-8")
    doc = read_html(path)
    assert len(doc.tables) == 2  # the one-column layout table around them is not a table
    assert [b.text for b in doc.blocks if not isinstance(b, Table)] == ["说明"]


def test_html_is_never_fetched_from_the_network(tmp_path) -> None:
    page = (
        '<!DOCTYPE html SYSTEM "http://127.0.0.1:9/evil.dtd"><html><body>'
        '<img src="http://127.0.0.1:9/x.png"><iframe src="http://127.0.0.1:9/"></iframe>'
        "<table><tr><td>&amp;甲</td></tr></table></body></html>"
    )
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    assert read_html(path).tables[0].rows[0][0].text == "&甲"


@pytest.mark.parametrize(
    "start",
    [
        b"<!-- saved from url=(0014)about:internet -->\n<html><body>",
        b'<meta charset="utf-8"><body>',
        b"\xef\xbb\xbf<?xml version='1.0'?>\n<html><body>",
    ],
)
def test_web_pages_are_recognised_by_content(tmp_path, start) -> None:
    path = tmp_path / "page.docx"
    path.write_bytes(start + "<table><tr><td>项目名称</td></tr></table>".encode())
    assert sniff(path) == "html"
    assert read_document(path).tables[0].rows[0][0].text == "项目名称"


def test_hidden_xls_sheet_with_values_is_noted(tmp_path) -> None:
    needs_soffice()
    import subprocess

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["项目名称", "甲"])
    hidden = workbook.create_sheet("备用")
    hidden.append(["旧数据", 1])
    hidden.sheet_state = "hidden"
    workbook.save(tmp_path / "book.xlsx")
    subprocess.run(
        [
            find_soffice(),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "book.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doc = read_xls(tmp_path / "book.xls")
    notes = [n for n in doc.notes if n["code"] == "hidden_sheet"]
    assert len(notes) == 1 and "备用" in notes[0]["message"]
    assert doc.tables[0].rows[0][0].text == "项目名称"
