"""Bad input: each gives one clear Chinese error or finding naming the file, never a traceback."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import WordBuilder, docx_from_document, rewrite_zip_member, write_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from kpi_analysis import load
from kpi_analysis.cli.main import main
from kpi_analysis.errors import KpiError, UnreadableFileError
from kpi_analysis.readers import convert, read_document
from kpi_analysis.readers.docx import read_docx
from kpi_analysis.readers.sniff import OLE2_MAGIC, sniff
from kpi_analysis.readers.text import read_text
from kpi_analysis.readers.xlsx import read_xlsx

CJK = re.compile(r"[\u4e00-\u9fff]")


def ole2(*streams: str) -> bytes:
    """A minimal OLE2 compound file: the magic bytes and directory entry names."""
    entries = b"".join(name.encode("utf-16-le").ljust(128, b"\x00") for name in streams)
    return OLE2_MAGIC + b"\x00" * 504 + entries


def small_docx() -> bytes:
    buffer = io.BytesIO()
    builder = WordBuilder().paragraph("项目").table([["项目名称", "甲"], ["三级指标", "指标值"]])
    builder.document.save(buffer)
    return buffer.getvalue()


def small_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["项目名称", "甲"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SMALL = {"docx": small_docx(), "xlsx": small_xlsx()}


def corrupt_member(data: bytes) -> bytes:
    """A .docx whose document.xml is stored uncompressed and then damaged (CRC mismatch)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info), compress_type=zipfile.ZIP_STORED)
    raw = buffer.getvalue()
    return raw.replace(b"<w:body>", b"<w:bodx>", 1)


def other_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "不是 Office 文件")
    return buffer.getvalue()


ENCRYPTED = "文件已加密（设置了密码），请先在 Word/Excel 中去除密码后另存"

# name, content, words the message must contain
BAD_FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("garbage.docx", lambda: b"PK\x03\x04" + bytes(range(256)) * 4, "文件已损坏"),
    ("garbage.xlsx", lambda: b"PK\x03\x04" + bytes(range(256)) * 4, "文件已损坏"),
    ("truncated.docx", lambda: SMALL["docx"][: len(SMALL["docx"]) // 2], "文件已损坏"),
    ("truncated.xlsx", lambda: SMALL["xlsx"][: len(SMALL["xlsx"]) // 2], "文件已损坏"),
    ("bad_crc.docx", lambda: corrupt_member(SMALL["docx"]), "文件已损坏"),
    ("locked.docx", lambda: ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"), ENCRYPTED),
    ("locked.xlsx", lambda: ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"), ENCRYPTED),
    ("old.doc", lambda: ole2("Root Entry", "WordDocument", "1Table"), "旧版 Word"),
    ("old.xls", lambda: ole2("Root Entry", "Workbook"), "旧版 Excel"),
    ("old.wps", lambda: ole2("Root Entry", "WordDocument"), "WPS 文字"),
    ("renamed_doc.docx", lambda: ole2("Root Entry", "WordDocument"), "旧版 Word"),
    ("slides.ppt", lambda: ole2("Root Entry", "PowerPoint Document"), "不是 Word 或 Excel"),
    ("empty.docx", lambda: b"", "文件为空"),
    ("empty.xlsx", lambda: b"", "文件为空"),
    ("empty.txt", lambda: b"", "文件为空"),
    ("text.docx", lambda: "项目名称\t甲\n".encode(), "内容是纯文本文件"),
    ("scan.docx", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF 文件不完整"),
    ("report.xls", lambda: b"<html><body><p>1</p></body></html>", "网页中没有表格"),
    ("saved.doc", lambda: b"{\\rtf1\\ansi\\deff0 {\\fonttbl}", "RTF"),
    ("archive.docx", other_zip, "不是 Word 文档"),
    ("archive.xlsx", other_zip, "不是 Excel 工作簿"),
    ("noise.txt", lambda: bytes(range(256)) * 3, "二进制"),
]
IDS = [name for name, _, _ in BAD_FILES]


def _write(tmp_path: Path, name: str, content: Callable[[], bytes]) -> Path:
    path = tmp_path / name
    path.write_bytes(content())
    return path


@pytest.fixture
def no_soffice(monkeypatch):
    """Old Word files refused as on a machine without LibreOffice (fast and the same
    everywhere; the conversion itself is tested in test_readers_formats*.py)."""
    monkeypatch.setattr(convert, "find_soffice", lambda: None)


@pytest.mark.parametrize(("name", "content", "words"), BAD_FILES, ids=IDS)
def test_bad_file_is_one_clear_error_naming_the_file(
    tmp_path, no_soffice, name, content, words
) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path)
    error = caught.value
    assert error.file == name and name in str(error)
    assert words in str(error)
    assert CJK.search(error.message)


@pytest.mark.parametrize(("name", "content", "words"), BAD_FILES, ids=IDS)
def test_bad_file_becomes_a_finding_and_a_non_zero_exit(
    tmp_path, capsys, no_soffice, name, content, words
) -> None:
    path = _write(tmp_path, name, content)
    ds = load(path)
    assert ds.projects.empty
    finding = ds.findings.iloc[0]
    assert (finding["code"], finding["severity"], finding["source"]) == (
        "file_unreadable",
        "error",
        name,
    )
    with pytest.raises(UnreadableFileError):
        load(path, strict=True)
    out_dir = tmp_path / "out"
    assert main(["extract", str(path), "--out", str(out_dir), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert name in err and words in err and "Traceback" not in err
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_sniff_names_the_real_format(tmp_path) -> None:
    cases = {
        "a.docx": small_docx(),
        "b.docx": small_xlsx(),
        "c.xlsx": ole2("EncryptedPackage"),
        "d.xls": ole2("Workbook"),
        "d.doc": ole2("WordDocument"),
        "d.ppt": ole2("PowerPoint Document"),
        "e.txt": "中文".encode("gb18030"),
        "f.pdf": b"%PDF-1.4",
        "g.bin": b"",
    }
    kinds = {name: sniff(_write(tmp_path, name, lambda d=data: d)) for name, data in cases.items()}
    assert kinds == {
        "a.docx": "docx",
        "b.docx": "xlsx",
        "c.xlsx": "encrypted",
        "d.xls": "xls",
        "d.doc": "doc",
        "d.ppt": "ole2",
        "e.txt": "text",
        "f.pdf": "pdf",
        "g.bin": "empty",
    }


# --------------------------------------------------------------------------- wrong extension
@pytest.fixture(scope="module")
def source_doc(source_path):
    return read_text(source_path)


def test_word_content_with_an_excel_extension_is_read_as_word(
    source_path, source_doc, tmp_path
) -> None:
    path = docx_from_document(source_doc, tmp_path / "really_word.xlsx")
    ds = load(path)
    assert len(ds.projects) == 5 and len(ds.indicators) == len(load(source_path).indicators)
    assert ds.indicators["source"].str.startswith("really_word.xlsx#table=").all()


def test_excel_content_with_a_word_extension_is_read_as_excel(tmp_path) -> None:
    path = write_xlsx({"表": [["项目名称", "甲"], ["三级指标", "指标值"]]}, tmp_path / "x.docx")
    doc = read_document(path)
    assert doc.tables[0].rows[0][0].source.sheet == "表"


def test_word_saved_as_doc_is_read(source_doc, tmp_path) -> None:
    path = docx_from_document(source_doc, tmp_path / "new_format.doc")
    assert len(load(path).projects) == 5


def test_gbk_text_export_reads_like_utf8(source_path, tmp_path) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(source_path.read_text(encoding="utf-8").encode("gb18030"))
    ours, theirs = load(gbk), load(source_path)
    assert ours.indicators.drop(columns="source").equals(theirs.indicators.drop(columns="source"))
    assert ours.projects["project"].tolist() == theirs.projects["project"].tolist()


# --------------------------------------------------------------------------- not a form
def test_document_without_tables_is_an_error_finding_and_exit_2(tmp_path, capsys) -> None:
    path = WordBuilder().paragraph("会议纪要").paragraph("没有表格").save(tmp_path / "memo.docx")
    ds = load(path)
    codes = ds.findings.set_index("code")
    assert codes.loc["no_form_found", "severity"] == "error"
    assert codes.loc["no_form_found", "source"] == "memo.docx"
    assert main(["extract", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "memo.docx" in err and "没有找到绩效目标表" in err


def test_word_file_made_of_an_embedded_html_chunk_is_refused(tmp_path) -> None:
    # some reporting systems write .docx files whose body is an HTML page (w:altChunk)
    path = (
        WordBuilder().xml('<w:altChunk r:id="rId9" xmlns:r="urn:r"/>').save(tmp_path / "chunk.docx")
    )
    with pytest.raises(UnreadableFileError, match="altChunk") as caught:
        read_document(path)
    assert caught.value.file == "chunk.docx"


def test_table_that_is_not_a_form_is_reported_with_its_table(tmp_path) -> None:
    path = WordBuilder().table([["姓名", "电话"], ["张三", "123"]]).save(tmp_path / "contacts.docx")
    ds = load(path)
    reported = ds.findings[ds.findings["code"] == "table_not_a_form"]
    assert reported["source"].tolist() == ["contacts.docx#table=1"]
    assert "姓名" in reported["text"].iloc[0]
    assert set(ds.cells.loc[ds.cells["role"] == "reported", "text"]) == {
        "姓名",
        "电话",
        "张三",
        "123",
    }
    assert "no_form_found" in set(ds.findings["code"])


def test_excel_sheet_that_is_not_a_form_is_reported_with_its_sheet(tmp_path) -> None:
    path = write_xlsx({"名单": [["姓名", "电话"], ["张三", 123]]}, tmp_path / "names.xlsx")
    ds = load(path)
    reported = ds.findings.query("code == 'table_not_a_form'")
    assert reported["source"].tolist() == ["names.xlsx#sheet=名单,table=1"]
    reported_cells = ds.cells[ds.cells["role"] == "reported"]
    assert set(reported_cells["text"]) == {"姓名", "电话", "张三", "123"}
    assert reported_cells["source"].str.contains("sheet=名单,cell=").all()


# --------------------------------------------------------------------------- hostile files
def _with_member(tmp_path: Path, base: bytes, name: str, member: str, data: bytes) -> Path:
    original = tmp_path / f"base_{name}"
    original.write_bytes(base)
    return rewrite_zip_member(original, member, data, tmp_path / name)


def test_highly_compressed_member_is_refused_as_a_zip_bomb(tmp_path) -> None:
    padding = b"<!-- " + b" " * (2 * 1024 * 1024) + b" -->"
    xml = zipfile.ZipFile(io.BytesIO(small_docx())).read("word/document.xml")
    bomb = xml.replace(b"<w:body>", b"<w:body>" + padding, 1)
    path = _with_member(tmp_path, small_docx(), "bomb.docx", "word/document.xml", bomb)
    with pytest.raises(UnreadableFileError, match="压缩比异常"):
        read_document(path)


@pytest.mark.parametrize(("reader", "data"), [(read_docx, small_docx), (read_xlsx, small_xlsx)])
def test_zip_bomb_limits_are_configurable(tmp_path, reader, data) -> None:
    path = _write(tmp_path, "form.bin", data)
    reader(path)  # fine with the defaults: 200 MB in all, ratio ≤ 100 for members > 1 MB
    with pytest.raises(UnreadableFileError, match="解压后过大"):
        reader(path, max_uncompressed=1000)
    with pytest.raises(UnreadableFileError, match="压缩比异常"):
        reader(path, max_ratio=1.01, ratio_min_member=0)  # XML compresses more than 1.01×


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def test_billion_laughs_docx_is_refused_quickly(tmp_path) -> None:
    body = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:tc></w:tr>"
        b"</w:tbl></w:body></w:document>"
    )
    path = _with_member(
        tmp_path, small_docx(), "laughs.docx", "word/document.xml", BILLION_LAUGHS + body
    )
    start = time.perf_counter()
    with pytest.raises(UnreadableFileError, match="DTD") as caught:
        read_document(path)
    assert time.perf_counter() - start < 2
    assert "laughs.docx" in str(caught.value)


def test_billion_laughs_xlsx_is_refused_quickly(tmp_path) -> None:
    sheet = zipfile.ZipFile(io.BytesIO(small_xlsx())).read("xl/worksheets/sheet1.xml")
    assert b"<t>&#30002;</t>" in sheet  # openpyxl writes 甲 as an inline string
    bomb = BILLION_LAUGHS + sheet.replace(b"<t>&#30002;</t>", b"<t>&lol9;</t>")
    path = _with_member(tmp_path, small_xlsx(), "laughs.xlsx", "xl/worksheets/sheet1.xml", bomb)
    start = time.perf_counter()
    with pytest.raises(UnreadableFileError, match="DTD"):
        read_document(path)
    assert time.perf_counter() - start < 2


def test_dtd_hidden_behind_a_long_prolog_is_still_a_clean_error(tmp_path) -> None:
    sheet = zipfile.ZipFile(io.BytesIO(small_xlsx())).read("xl/worksheets/sheet1.xml")
    padding = b"<!--" + b" " * (70 * 1024) + b"-->"  # beyond the reader's 64 KB prolog scan
    bomb = b'<?xml version="1.0"?>' + padding + BILLION_LAUGHS.split(b"?>", 1)[1]
    bomb += sheet.replace(b"<t>&#30002;</t>", b"<t>&lol9;</t>")
    path = _with_member(tmp_path, small_xlsx(), "hidden.xlsx", "xl/worksheets/sheet1.xml", bomb)
    start = time.perf_counter()
    with pytest.raises(UnreadableFileError, match="Excel 文件内容无法解析"):
        read_document(path)
    assert time.perf_counter() - start < 2


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(["docx", "xlsx"]),
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=6),
    cut=st.floats(0.05, 1.0),
)
def test_damaged_office_files_never_escape_as_tracebacks(tmp_path_factory, kind, flips, cut):
    data = bytearray(SMALL[kind])
    for where, byte in flips:
        data[int(where * len(data))] = byte
    data = bytes(data[: max(1, int(cut * len(data)))])
    path = tmp_path_factory.mktemp("damaged") / f"damaged.{kind}"
    path.write_bytes(data)
    try:
        read_document(path)
    except KpiError as error:
        assert error.file == path.name and CJK.search(error.message)
