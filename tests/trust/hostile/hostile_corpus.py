"""Build the hostile corpus: one small folder per class of hostile or faulty input.

Run as a script (``python tests/trust/hostile/hostile_corpus.py OUT``) or call :func:`build`; the
test ``tests/trust/test_trust_hostile.py`` builds the corpus in a temporary folder and runs
every class through the commands that take it. Each class is a folder ``OUT/<name>/`` with
the input files; :data:`CLASSES` says which commands to run on it and what must hold.

Everything is derived from the package's embedded example (``data/raw``): the target form
as text, and the example actuals workbook. No file is larger than a few hundred KB, except
the 10 MB text node (a docx of about 10 KB compressed).
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data" / "raw"
TARGETS = RAW / "000_2504e2a5ee8feded.txt"
ACTUALS = RAW / "actuals_example_2021-2023.xlsx"


@dataclass(frozen=True)
class HostileClass:
    """One class of hostile input: how to build it and which commands must survive it."""

    name: str
    title: str  # Chinese, for the README table
    make: Callable[[Path], None]
    commands: tuple[str, ...] = ("extract", "review", "template")


def _targets_text() -> str:
    return TARGETS.read_text(encoding="utf-8")


def _write_targets(folder: Path, text: str, name: str = "targets.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# ----------------------------------------------------------------------------- targets
def control_char_text(folder: Path) -> None:
    text = _once(_targets_text(), "机构编制管理工作", "机构编制\x01管理工作")
    _write_targets(folder, _once(text, "宿州市委编办　", "宿州市委编办\x02"))


def control_char_xlsx(folder: Path) -> None:
    """An .xlsx target form whose cells hold ``_x0001_`` (U+0001 once read)."""
    from builders import xlsx_from_document

    from kpi_analysis.readers import read_document

    path = xlsx_from_document(read_document(TARGETS), folder / "targets.xlsx")
    name = "宿州市委编办"
    refs = "".join(f"&#{ord(c)};" for c in name).encode()  # as openpyxl writes CJK text

    def escape(part: str, data: bytes) -> bytes:
        if not part.startswith("xl/"):
            return data
        data = data.replace(name.encode(), f"{name}_x0001_".encode())
        return data.replace(refs, refs + b"_x0001_")

    _rewrite(path, escape)


def _rewrite(path: Path, change: Callable[[str, bytes], bytes]) -> None:
    """Rewrite every member of the package at ``path`` through ``change(name, data)``."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, change(name, data))


def bare_number_target(folder: Path) -> None:
    _write_targets(folder, _once(_targets_text(), "市直62家行政机构", "62"))


def negative_targets(folder: Path) -> None:
    text = _once(_targets_text(), "市直62家行政机构", "≤-5%")
    _write_targets(folder, text)


def huge_number(folder: Path) -> None:
    _write_targets(folder, _once(_targets_text(), "市直62家行政机构", "1e308"))


def escape_code_name(folder: Path) -> None:
    _write_targets(folder, _targets_text(), name="a\x1b[31m红\x1b]0;title\x07.txt")
    _write_targets(folder, _targets_text(), name="b.txt")


def non_utf8_name(folder: Path) -> None:
    raw = os.fsencode(folder) + b"/\xff\xfe\xb0\xa1.txt"
    with open(raw, "wb") as stream:
        stream.write(_targets_text().encode("utf-8"))
    _write_targets(folder, _targets_text(), name="b.txt")


def skipped_files(folder: Path) -> None:
    _write_targets(folder, _targets_text())
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "noextension").write_bytes(b"hello")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")


def _docx_with_text(path: Path, text: str) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("项目支出绩效目标表")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目名称"
    table.cell(0, 1).text = text
    table.cell(1, 0).text = "主管部门"
    table.cell(1, 1).text = "某部门"
    document.save(str(path))


def huge_text_node(folder: Path) -> None:
    """A docx whose one cell holds 10 MB of text (one ``w:t``)."""
    rng = random.Random(14)  # varied text: a repeated character would be refused as a bomb
    text = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(10 * 1024 * 1024 // 3))
    _docx_with_text(folder / "huge.docx", text)
    _write_targets(folder, _targets_text())


def understated_zip(folder: Path) -> None:
    """A docx whose document.xml header says 2 KB but which inflates to 60 MB."""
    path = folder / "liar.docx"
    _docx_with_text(path, "甲")
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    body = parts["word/document.xml"]
    pad = b"<!--" + b" " * (60 * 1024 * 1024) + b"-->"
    cut = body.index(b"?>") + 2
    parts["word/document.xml"] = body[:cut] + pad + body[cut:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    _understate(data, b"word/document.xml", 2048)
    path.write_bytes(bytes(data))
    _write_targets(folder, _targets_text())


def _understate(data: bytearray, name: str | bytes, size: int) -> None:
    """Overwrite the uncompressed size of member ``name`` in local and central headers."""
    name = name.encode() if isinstance(name, str) else name
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            start = at + 4
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, size)


def huge_merge(folder: Path) -> None:
    """An .xlsx with one mergeCell covering A1000:XFD1048576."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "项目支出绩效目标表"
    sheet["A2"] = "项目名称"
    sheet["B2"] = "甲"
    sheet.merge_cells("A1000:B1001")  # widened in the XML: openpyxl would build every cell
    book.save(folder / "merge.xlsx")
    _rewrite(
        folder / "merge.xlsx", lambda name, data: data.replace(b"A1000:B1001", b"A1000:XFD1048576")
    )
    _write_targets(folder, _targets_text())


# ----------------------------------------------------------------------------- actuals
def _actuals(folder: Path, change: Callable[[object], None], name: str = "actuals.xlsx") -> None:
    _write_targets(folder, _targets_text())
    book = load_workbook(ACTUALS)
    change(book)
    book.save(folder / name)


def _indicator_rows(book) -> list:
    sheet = book["绩效指标"]
    return [row for row in sheet.iter_rows(min_row=2) if row[0].value is not None]


def _set_actual(book, index: int, value: object) -> None:
    sheet = book["绩效指标"]
    header = [c.value for c in sheet[1]]
    col = header.index("实际完成值") + 1
    _indicator_rows(book)[index][col - 1].value = value


def actuals_blank_qualitative(folder: Path) -> None:
    _actuals(folder, lambda book: _set_actual(book, 2, None))


def actuals_no_indicator_sheet(folder: Path) -> None:
    def change(book) -> None:
        book["绩效指标"].title = "指标（改名）"

    _actuals(folder, change)


def actuals_huge_value(folder: Path) -> None:
    _actuals(folder, lambda book: _set_actual(book, 0, 1e308))


def actuals_control_char(folder: Path) -> None:
    def change(book) -> None:
        sheet = book["绩效指标"]
        header = [c.value for c in sheet[1]]
        col = header.index("偏差原因分析") + 1
        _indicator_rows(book)[0][col - 1].value = "原因_x0001_说明"

    _actuals(folder, change)


def actuals_formula_errors(folder: Path) -> None:
    """Cached ``#DIV/0!`` in one actual, a formula without cached value in another."""
    _actuals(folder, lambda book: _set_actual(book, 0, "=1/0"))
    path = folder / "actuals.xlsx"

    def cached_error(name: str, data: bytes) -> bytes:  # as Excel saves =1/0
        if not name.startswith("xl/worksheets/"):
            return data
        return re.sub(
            rb'<c r="M2"[^>]*>.*?</c>', b'<c r="M2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', data
        )

    _rewrite(path, cached_error)
    book = load_workbook(path)
    _set_actual(book, 1, "=SUM(Z1:Z2)")
    book.save(folder / "actuals2.xlsx")


def actuals_core_bomb(folder: Path) -> None:
    """An actuals workbook whose docProps/core.xml header understates a 60 MB part."""
    _actuals(folder, lambda book: None)
    path = folder / "actuals.xlsx"
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    core = parts["docProps/core.xml"]
    cut = core.index(b"?>") + 2 if b"?>" in core else 0
    parts["docProps/core.xml"] = (
        core[:cut] + b"<!--" + b" " * (60 * 1024 * 1024) + b"-->" + core[cut:]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    _understate(data, b"docProps/core.xml", 4096)
    path.write_bytes(bytes(data))


ACTUALS_COMMANDS = ("score", "report")

CLASSES: tuple[HostileClass, ...] = (
    HostileClass("control_char_text", "单元格中的控制字符（U+0001，文本导出）", control_char_text),
    HostileClass(
        "control_char_xlsx", "单元格中的控制字符（.xlsx 中的 `_x0001_`）", control_char_xlsx
    ),
    HostileClass("bare_number_target", "只有数字的指标值（“62”，无单位）", bare_number_target),
    HostileClass("negative_targets", "负数指标值（“≤-5%”）", negative_targets),
    HostileClass("huge_number", "极大数值（1e308）", huge_number),
    HostileClass("escape_code_name", "文件名含终端转义序列", escape_code_name),
    HostileClass("non_utf8_name", "文件名不是有效的 UTF-8", non_utf8_name),
    HostileClass(
        "skipped_files", "文件夹中的旧格式、PDF、无扩展名文件", skipped_files, ("extract",)
    ),
    HostileClass("huge_text_node", "10 MB 的单个文字节点", huge_text_node, ("extract",)),
    HostileClass("understated_zip", "zip 头部少报解压大小（60 MB）", understated_zip, ("extract",)),
    HostileClass("huge_merge", "合并单元格 A1000:XFD1048576", huge_merge, ("extract",)),
    HostileClass(
        "actuals_blank_qualitative",
        "定性指标实际完成值留空",
        actuals_blank_qualitative,
        ACTUALS_COMMANDS,
    ),
    HostileClass(
        "actuals_no_indicator_sheet",
        "实际完成情况工作簿缺少“绩效指标”工作表",
        actuals_no_indicator_sheet,
        ACTUALS_COMMANDS,
    ),
    HostileClass("actuals_huge_value", "实际完成值 1e308", actuals_huge_value, ACTUALS_COMMANDS),
    HostileClass(
        "actuals_control_char", "实际完成情况中的控制字符", actuals_control_char, ACTUALS_COMMANDS
    ),
    HostileClass(
        "actuals_formula_errors",
        "实际完成值为 #DIV/0! 或未保存结果的公式",
        actuals_formula_errors,
        ACTUALS_COMMANDS,
    ),
    HostileClass(
        "actuals_core_bomb",
        "实际完成情况工作簿的 docProps/core.xml 少报大小",
        actuals_core_bomb,
        ACTUALS_COMMANDS,
    ),
)


def build(out: str | Path, names: tuple[str, ...] | None = None) -> dict[str, Path]:
    """Build the corpus (or the classes ``names``) under ``out``; folder per class."""
    out = Path(out)
    folders = {}
    for hostile in CLASSES:
        if names is not None and hostile.name not in names:
            continue
        folder = out / hostile.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        hostile.make(folder)
        folders[hostile.name] = folder
    return folders


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "tests" / "support"))
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for name, folder in build(target).items():
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(f"{name:32s} {size / 1024:8.0f} KB  {folder}")
