"""Bad input of the published formats: one clear Chinese error, a finding, nothing written."""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kpi_analysis import ReadLimits, load
from kpi_analysis.cli.main import main
from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers import read_document

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
CJK = re.compile(r"[\u4e00-\u9fff]")


def minimal_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page draws ``content`` (no fonts: no text layer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def half(name: str) -> Callable[[], bytes]:
    return lambda: (FORMATS / name).read_bytes()[: (FORMATS / name).stat().st_size // 2]


SCANNED = minimal_pdf(b"0 0 0 rg 100 100 300 400 re f 50 50 m 500 700 l S")
NOT_A_FORM = (
    "<html><head><meta charset='utf-8'><title>登录</title></head><body>"
    "<table><tr><td>用户名</td><td><input name=u></td></tr>"
    "<tr><td>密码</td><td><input type=password></td></tr></table></body></html>"
)

# name, content, words the message must contain
BAD_FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("truncated.pdf", half("source.pdf"), "被截断"),
    ("encrypted.pdf", lambda: (FORMATS / "encrypted.pdf").read_bytes(), "PDF 文件已加密"),
    ("scan.pdf", lambda: SCANNED, "OCR"),
    ("scan.docx", lambda: SCANNED, "OCR"),  # content decides, not the name
    ("notice.html", lambda: "<html><body><p>关于公开的通知</p></body></html>".encode(), "没有表格"),
    ("empty.html", lambda: b"<html></html>", "没有表格"),
    ("locked.xls", lambda: (FORMATS / "locked.xls").read_bytes(), "Excel 文件已加密"),
    ("truncated.xls", half("source.xls"), "损坏"),
]
IDS = [name for name, _, _ in BAD_FILES]


def _write(tmp_path: Path, name: str, content: Callable[[], bytes]) -> Path:
    path = tmp_path / name
    path.write_bytes(content())
    return path


@pytest.mark.parametrize(("name", "content", "words"), BAD_FILES, ids=IDS)
def test_bad_file_is_one_clear_error_and_nothing_is_written(
    tmp_path, capsys, name, content, words
) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path)
    error = caught.value
    assert error.file == name and words in str(error) and CJK.search(error.message)
    ds = load(path)
    assert ds.projects.empty and ds.findings.iloc[0]["code"] == "file_unreadable"
    out_dir = tmp_path / "out"
    assert main(["extract", str(path), "--out", str(out_dir), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert name in err and words in err and "Traceback" not in err
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_web_page_that_is_something_else_is_not_a_form(tmp_path, capsys) -> None:
    path = tmp_path / "login.html"
    path.write_text(NOT_A_FORM, encoding="utf-8")
    assert len(read_document(path).tables) == 1  # it reads, …
    ds = load(path)
    assert ds.projects.empty and not ds.findings.empty  # … but holds no form
    out_dir = tmp_path / "out"
    assert main(["extract", str(path), "--out", str(out_dir), "--quiet"]) == 2
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_html_limits_are_kept(tmp_path) -> None:
    path = tmp_path / "big.html"
    rows = "".join("<tr><td>1</td><td>2</td></tr>" for _ in range(50))
    path.write_text(f"<table>{rows}</table>", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="max_cells"):
        read_document(path, limits=ReadLimits(max_cells=20))
    with pytest.raises(UnreadableFileError, match="max_rows_per_table"):
        read_document(path, limits=ReadLimits(max_rows_per_table=10))
    spans = tmp_path / "spans.html"
    spans.write_text(
        '<table><tr><td colspan="1000" rowspan="60000">x</td></tr>'
        + "<tr><td>y</td></tr>" * 30
        + "</table>",
        encoding="utf-8",
    )
    with pytest.raises(UnreadableFileError, match="max_cells"):
        read_document(spans, limits=ReadLimits(max_cells=10_000))
    nested = tmp_path / "nested.html"
    nested.write_text("<table><tr><td>" * 8 + "x" + "</td></tr></table>" * 8, encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="max_nesting_depth"):
        read_document(nested)


def test_pdf_limits_are_kept() -> None:
    with pytest.raises(UnreadableFileError, match="max_pages"):
        read_document(FORMATS / "split_table.pdf", limits=ReadLimits(max_pages=1))
    with pytest.raises(UnreadableFileError, match="max_rows_per_table"):
        read_document(FORMATS / "split_table.pdf", limits=ReadLimits(max_rows_per_table=30))


# --------------------------------------------------------------------------- LibreOffice
def _fake_soffice(folder: Path, script: str) -> Path:
    folder.mkdir()
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def test_soffice_hanging_past_its_limit_is_killed_and_refused(
    tmp_path, monkeypatch, capsys
) -> None:
    pid_file = tmp_path / "pid"
    bin_dir = tmp_path / "bin"
    _fake_soffice(bin_dir, f'echo $$ > "{pid_file}"\nexec sleep 300\n')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")
    path = tmp_path / "old.doc"
    path.write_bytes((FORMATS / "source.doc").read_bytes())
    started = time.monotonic()
    with pytest.raises(UnreadableFileError, match="超时") as caught:
        read_document(path, limits=ReadLimits(convert_timeout_s=1))
    assert time.monotonic() - started < 20
    assert "旧版 Word" in str(caught.value) and caught.value.file == "old.doc"
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped, not left sleeping
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "old.doc", "pid"]


def test_without_soffice_old_word_gets_the_install_message(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    path = tmp_path / "old.doc"
    path.write_bytes((FORMATS / "source.doc").read_bytes())
    with pytest.raises(UnreadableFileError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "LibreOffice" in message and "旧版 Word" in message
    assert "soffice --headless --convert-to docx" in message


def test_soffice_that_writes_nothing_is_a_clear_error(tmp_path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    _fake_soffice(bin_dir, "exit 0\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")
    path = tmp_path / "old.doc"
    path.write_bytes((FORMATS / "source.doc").read_bytes())
    with pytest.raises(UnreadableFileError, match="LibreOffice 无法转换"):
        read_document(path)
