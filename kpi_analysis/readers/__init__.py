"""Format readers: each turns one file format into a :class:`~kpi_analysis.readers.grid.Document`.

Readers know file formats and nothing about performance targets.

:func:`read_document` chooses the reader by the file's *content* (see
:mod:`kpi_analysis.readers.sniff`), not only by its extension:

- a Word or Excel package (.docx/.xlsx), a web page (HTML/MHTML, also under an ``.xls``
  name as reporting systems export them), a PDF and an old Excel workbook (.xls/.et) are
  read as what they are, whatever their extension;
- an old Word file (.doc/.wps) is converted by LibreOffice and then read
  (:mod:`~kpi_analysis.readers.convert`); without LibreOffice it is refused with a Chinese
  message saying how to install it or convert by hand;
- a text export is read only from a .txt/.text file: text or RTF content under another
  name is refused with a message naming the real format and what to do;
- empty files and password-protected Office files are refused with a Chinese message.

Every reader takes the same :class:`~kpi_analysis.readers.limits.ReadLimits`; a file larger than
``max_file_bytes`` is refused before its content is looked at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from kpi_analysis.errors import UnreadableFileError
from kpi_analysis.readers.convert import read_converted
from kpi_analysis.readers.docx import read_docx
from kpi_analysis.readers.grid import Document, Paragraph
from kpi_analysis.readers.html import read_html
from kpi_analysis.readers.limits import DEFAULT_LIMITS, ReadLimits
from kpi_analysis.readers.pdf import read_pdf
from kpi_analysis.readers.sniff import KIND_NAMES, check_file_size, sniff
from kpi_analysis.readers.text import read_text
from kpi_analysis.readers.xls import read_xls
from kpi_analysis.readers.xlsx import read_xlsx

#: ``reader(path, *, limits=ReadLimits()) -> Document``
Reader = Callable[..., Document]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".docx": read_docx,
    ".docm": read_docx,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".html": read_html,
    ".htm": read_html,
    ".mht": read_html,
    ".mhtml": read_html,
    ".pdf": read_pdf,
    ".xls": read_xls,
    ".et": read_xls,
    ".doc": read_docx,  # old binary ones are converted by LibreOffice first
    ".wps": read_docx,
}
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".mht", ".mhtml")
PACKAGE_SUFFIXES = (".docx", ".docm", ".xlsx", ".xlsm", ".doc", ".xls")

OLD_BINARY = {
    ".doc": "旧版 Word 二进制格式（.doc）",
    ".xls": "旧版 Excel 二进制格式（.xls）",
    ".wps": "WPS 文字格式（.wps）",
    ".et": "WPS 表格格式（.et）",
}
CONVERT_HINT = (
    "请用 Word/WPS/LibreOffice 另存为 .docx 或 .xlsx 后再读取，"
    "例如 soffice --headless --convert-to docx 文件名"
)
WRONG_CONTENT_HINTS = {
    "text": "如果这是文本导出文件，请把扩展名改为 .txt",
    "rtf": "请用 Word/WPS 打开后另存为 .docx",
    "zip": "请确认文件是 Word/Excel 保存的 .docx/.xlsx",
    "binary": "请确认文件格式，或在 Word/Excel 中打开后另存为 .docx/.xlsx",
}


def supported_suffixes() -> tuple[str, ...]:
    """File endings that :func:`read_document` reads."""
    return tuple(sorted(READERS))


def read_document(path: str | Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read ``path`` (:func:`_read_document`); a ``control_character`` note when cells hold one.

    Control characters (U+0001…) are kept in the cells and the tidy tables; .xlsx/.docx
    outputs write them escaped (``_x0001_``), and the note says where they are.
    """
    doc = _read_document(path, limits=limits)
    _note_control_characters(doc)
    return doc


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _note_control_characters(doc: Document) -> None:
    texts = [cell.text for table in doc.tables for row in table.rows for cell in row]
    texts += [block.text for block in doc.blocks if isinstance(block, Paragraph)]
    if _CONTROL.search("".join(texts)) is None:
        return  # no cell or paragraph holds a control character (the usual file): one search
    found = [
        cell.source
        for table in doc.tables
        for row in table.rows
        for cell in row
        if not cell.text.isprintable() and _CONTROL.search(cell.text)
    ]
    found += [
        block.source
        for block in doc.blocks
        if isinstance(block, Paragraph)
        and not block.text.isprintable()
        and _CONTROL.search(block.text)
    ]
    if found:
        doc.note(
            found[0],
            "control_character",
            f"{len(found)} 个单元格/段落含控制字符（如 U+0001），已原样保留在整洁表格中；"
            "写入 .xlsx/.docx 时转写为 _x0001_ 形式",
            severity="warning",
            text="；".join(str(source) for source in found[:5]),
        )


def _read_document(path: str | Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read one file with the reader for its real format; raise :class:`UnreadableFileError`.

    ``limits`` bound the file's size and structure (see :mod:`kpi_analysis.readers.limits`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableFileError("文件不存在或不是普通文件", file=str(path))
    check_file_size(path, limits)
    kind = sniff(path)
    if kind == "docx":
        return read_docx(path, limits=limits)
    if kind == "xlsx":
        return read_xlsx(path, limits=limits)
    if kind == "html":
        return read_html(path, limits=limits)
    if kind == "pdf":
        return read_pdf(path, limits=limits)
    if kind == "xls" or (kind == "ole2" and suffix in (".xls", ".et")):
        return read_xls(path, limits=limits)  # an OLE2 file cut short names no stream
    if kind == "doc" or (kind == "ole2" and suffix in (".doc", ".wps")):
        what = OLD_BINARY.get(suffix, OLD_BINARY[".doc"])
        return read_converted(path, "docx", read_docx, what, limits=limits)
    if kind == "empty":
        raise UnreadableFileError(
            "文件为空（0 字节）", file=path.name, hint="请重新获取或重新保存该文件"
        )
    if kind == "encrypted":
        raise UnreadableFileError(
            "文件已加密（设置了密码），请先在 Word/Excel 中去除密码后另存",
            file=path.name,
            hint="在 Word/Excel 中：文件 → 信息 → 保护文档/工作簿 → 用密码进行加密，清空密码后保存",
        )
    if kind == "ole2" or (suffix in OLD_BINARY and kind == "binary"):
        what = OLD_BINARY.get(suffix, "旧版 Office 二进制格式")
        raise UnreadableFileError(
            f"不支持该{what}文件（不是 Word 或 Excel 保存的）", file=path.name, hint=CONVERT_HINT
        )
    reader = READERS.get(suffix)
    if reader is None and suffix not in OLD_BINARY:
        raise UnreadableFileError(
            f"不支持的文件类型“{suffix or '无扩展名'}”",
            file=path.name,
            hint=f"支持：{'、'.join(supported_suffixes())}",
        )
    if reader is not None and suffix in TEXT_SUFFIXES and kind == "text":
        return reader(path, limits=limits)
    if suffix in HTML_SUFFIXES and kind == "text":
        return read_html(path, limits=limits)  # a page fragment (no <html> at the start)
    if kind == "zip" and suffix in PACKAGE_SUFFIXES:
        return READERS[suffix](path, limits=limits)  # a damaged package: the reader says so
    raise UnreadableFileError(
        f"文件扩展名为 {suffix}，但内容是{KIND_NAMES[kind]}",
        file=path.name,
        hint=WRONG_CONTENT_HINTS.get(kind),
    )
